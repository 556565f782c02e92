// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * U-Boot's image formats, as mkimage writes them:
 * - the legacy format ("uImage"): a 64-byte big-endian header, then the
 *   data (boot/image_legacy.c). 'source' runs its script images, 'bootm'
 *   boots its kernel images, with a ramdisk image beside.
 * - FIT, the Flattened Image Tree: a device tree whose /images nodes hold
 *   (or point past the tree at) a kernel, ramdisks, DTs, each with hashes,
 *   and whose /configurations nodes name which go together
 *   (boot/image_fit.c).
 * Both are read from memory that anything may have written: every length
 * and offset is checked against the bytes that may be read.
 */
#ifndef __IMAGE_H
#define __IMAGE_H

#include <hash.h>
#include <types.h>

#define IH_MAGIC	0x27051956
#define IH_NMLEN	32

/* The numbers the legacy header uses; FIT names them (image_names[]) */
#define IH_OS_LINUX		5
#define IH_ARCH_ARM64		22
#define IH_TYPE_KERNEL		2
#define IH_TYPE_RAMDISK		3
#define IH_TYPE_MULTI		4
#define IH_TYPE_SCRIPT		6
#define IH_TYPE_FLATDT		8
#define IH_TYPE_KERNEL_NOLOAD	14
#define IH_COMP_NONE		0
#define IH_COMP_GZIP		1

struct legacy_img_hdr {
	__be32 ih_magic;
	__be32 ih_hcrc;		/* CRC-32 of the header, this field 0 */
	__be32 ih_time;
	__be32 ih_size;		/* bytes of data after the header */
	__be32 ih_load;
	__be32 ih_ep;
	__be32 ih_dcrc;		/* CRC-32 of the data */
	u8 ih_os;
	u8 ih_arch;
	u8 ih_type;
	u8 ih_comp;
	u8 ih_name[IH_NMLEN];
};

/**
 * struct legacy_img - a legacy image's header, checked
 * @data: its data, @size bytes, inside what may be read
 * @name: the header's name, ended
 */
struct legacy_img {
	const u8 *data;
	u32 size, time, load, ep, dcrc;
	u8 os, arch, type, comp;
	char name[IH_NMLEN + 1];
};

/**
 * legacy_img_check() - the legacy image at @buf, of which @avail bytes may
 * be read: its magic, its header's CRC and its size
 * Return: 0 and *@img; -ENOEXEC not a legacy image (magic); -EBADMSG bad
 * header CRC; -EFAULT the header or the data runs past @avail
 */
int legacy_img_check(const void *buf, size_t avail, struct legacy_img *img);

/** legacy_img_verify() - 0 when the data's CRC matches, else -EIO */
int legacy_img_verify(const struct legacy_img *img);

/**
 * legacy_multi_part() - part @part (from 0) of @img, a multi-file or script
 * image: its data is a list of big-endian 32-bit lengths ended by a zero
 * one, then the parts, each but the last padded to 4 bytes. Every length
 * is checked against the image.
 * Return: 0 and *@datap, *@lenp; -ENOENT no such part; -EINVAL a list
 * without its end, or a part outside the data
 */
int legacy_multi_part(const struct legacy_img *img, unsigned int part,
		      const u8 **datap, u32 *lenp);

/**
 * legacy_script_find() - the script text in a legacy script image
 * @buf: the image; @avail bytes of it may be read
 * @verify: check the data's CRC too
 * @textp, @lenp: receive the script's first byte and its length
 *
 * The script is the first part of the image's data
 * (legacy_multi_part()).
 *
 * Return: 0; legacy_img_check()'s errors; -EIO bad data CRC; -EPROTO not
 * a script; -EINVAL a length list without its end or pointing outside the
 * data; -ENODATA an empty script
 */
int legacy_script_find(const void *buf, size_t avail, bool verify,
		       const char **textp, size_t *lenp);

/**
 * image_load_addr() - U-Boot's image address, where a command looks for an
 * image when given none: where the last load put a file ($fileaddr), else
 * $loadaddr
 */
ulong image_load_addr(void);

/* ------------------------------------------------------------- names */

/**
 * enum image_field - what a number or a FIT string names
 */
enum image_field { IMAGE_OS, IMAGE_ARCH, IMAGE_TYPE, IMAGE_COMP };

/**
 * image_name() - how iminfo shows number @id of @field ("Kernel Image",
 * "AArch64", "gzip compressed"), or "Unknown ..." for one Ember does not
 * know
 */
const char *image_name(enum image_field field, int id);

/**
 * image_id() - the number of FIT string @str for @field ("kernel",
 * "arm64", "gzip"), or -1
 */
int image_id(enum image_field field, const char *str);

/**
 * image_date() - @t (seconds since 1970, UTC) as iminfo shows it:
 * "2026-12-02   8:40:12 UTC", into @buf (at least 32 bytes)
 */
char *image_date(u32 t, char *buf);

/* --------------------------------------------------------------- FIT */

/* Where a FIT keeps its parts */
#define FIT_IMAGES	"/images"
#define FIT_CONFS	"/configurations"

/**
 * struct fit_img - one /images node, checked
 * @node: its offset in the FIT; @name: its name
 * @desc: its description, or NULL
 * @type, @os, @arch, @comp: IH_* numbers, -1 where the string is unknown
 *	or the property missing (@comp: IH_COMP_NONE when missing)
 * @type_str, @os_str, @arch_str, @comp_str: the strings, for messages
 *	("" where missing)
 * @load, @entry: with @has_load, @has_entry
 * @data: its data, @size bytes, inside the bytes that may be read (in the
 *	tree, or past it: data-offset, data-position)
 */
struct fit_img {
	int node;
	const char *name;
	const char *desc;
	int type, os, arch, comp;
	const char *type_str, *os_str, *arch_str, *comp_str;
	u64 load, entry;
	bool has_load, has_entry;
	const u8 *data;
	u64 size;
};

/**
 * fit_check() - whether @buf, of which @avail bytes may be read, is a FIT:
 * a device tree (version 16 or later, structure checked, inside @avail)
 * with an /images node
 * Return: 0; -ENOEXEC not a device tree; -EFAULT larger than @avail;
 * -EINVAL a broken tree; -ENOENT a tree without /images
 */
int fit_check(const void *buf, size_t avail);

/**
 * fit_conf() - configuration @name (NULL: the default one) of @fit
 * Return: its node offset, with its name in *@namep; -ENOENT no
 * /configurations, no default named, or no such node
 */
int fit_conf(const void *fit, const char *name, const char **namep);

/**
 * fit_conf_image() - entry @index of property @prop ("kernel", "ramdisk",
 * "fdt": a string list naming /images nodes) of configuration @conf
 * Return: the image's node offset, with its name in *@namep; -ENOENT when
 * the configuration has no such entry; -ENODEV when it names a missing
 * image (*@namep: the name)
 */
int fit_conf_image(const void *fit, int conf, const char *prop, int index,
		   const char **namep);

/** fit_image_node() - /images/@name's offset, or -ENOENT */
int fit_image_node(const void *fit, const char *name);

/**
 * fit_image_get() - read image node @node of @fit (@avail bytes readable
 * from its start) into @img
 * Return: 0; -ENODATA no data property; -EFAULT external data outside
 * @avail; -EINVAL a malformed property (load, entry, data-size,
 * data-offset, data-position: not 4 or 8 bytes)
 */
int fit_image_get(const void *fit, size_t avail, int node,
		  struct fit_img *img);

/**
 * struct fit_hash - one hash-N subnode of an image
 * @name: the subnode's name; @algo: its algorithm, NULL if Ember has it
 *	not (@algo_str says which)
 * @value: the digest it records (@len bytes)
 */
struct fit_hash {
	const char *name;
	const char *algo_str;
	const struct hash_algo *algo;
	const u8 *value;
	int len;
};

/**
 * fit_hash_next() - the hash subnode of image @img after offset @prev (-1:
 * the first), read into @h
 * Return: its offset; -ENOENT when there are no more; -EINVAL a hash node
 * without an algo or a value
 */
int fit_hash_next(const void *fit, const struct fit_img *img, int prev,
		  struct fit_hash *h);

/**
 * fit_hash_check() - compute @h over @img's data
 * Return: 0 it matches; -ENOSYS an algorithm Ember lacks; -EINVAL a value
 * of the wrong length; -EBADMSG it does not match
 */
int fit_hash_check(const struct fit_img *img, const struct fit_hash *h);

/* ------------------------------------------------------- showing them */

/* The bytes image_map() makes sure of: a legacy header (a DT's is 40) */
#define IMAGE_MIN_HEADER	64

/**
 * image_map() - the image at @addr, with the bytes that may be read from
 * it in *@availp: to the end of RAM, or to the first hole in it (the
 * stack's guard page on arm64); NULL after saying, as @what, that the
 * first IMAGE_MIN_HEADER bytes may not be read
 */
const void *image_map(phys_addr_t addr, const char *what, size_t *availp);

enum image_format { IMAGE_UNKNOWN, IMAGE_LEGACY, IMAGE_FDT };

/**
 * image_format() - what the magic number at @buf (image_map()'s) says: a
 * legacy image, a device tree (a FIT, or a plain DT), or neither
 */
enum image_format image_format(const void *buf);

/** legacy_img_error() - legacy_img_check()'s error @err, as said */
const char *legacy_img_error(int err);

/** image_show_legacy() - iminfo's lines for @img, each after @p */
void image_show_legacy(const struct legacy_img *img, const char *p);

/**
 * image_verify_legacy() - unless $verify is 'n' (or @always), check @img's
 * data CRC and say so ("Verifying Checksum ... OK")
 * Return: 0, or -EIO after "Bad Data CRC"
 */
int image_verify_legacy(const struct legacy_img *img, const char *p,
			bool always);

/** fit_image_error() - fit_image_get()'s error @err, as said */
const char *fit_image_error(int err);

/** fit_show_image() - iminfo's lines for image @img of @fit, after @p */
void fit_show_image(const void *fit, const struct fit_img *img,
		    const char *p);

/**
 * fit_verify_image() - after @lead ("   Verifying Hash Integrity ... "),
 * check every hash of @img and say how each went ("sha256+ OK"); an image
 * without hashes is said to be unverified, and passes
 * Return: 0, or fit_hash_check()'s error (-EINVAL also for a hash node
 * without algo or value) after saying which hash failed
 */
int fit_verify_image(const void *fit, const struct fit_img *img,
		     const char *lead);

/**
 * fit_verify_asked() - fit_verify_image() on bootm's "   Verifying Hash
 * Integrity ... " line, unless $verify is 'n'
 */
int fit_verify_asked(const void *fit, const struct fit_img *img);

#endif
