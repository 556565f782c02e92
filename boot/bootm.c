// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * bootm: a kernel, a ramdisk and a device tree found in U-Boot's image
 * formats (legacy images, FIT), checked and verified, then booted as an
 * arm64 Image by booti(). All three are found and verified before
 * anything is written; then the ramdisk goes to its load address (a FIT's
 * 'load'), a compressed kernel is inflated to its load address (or
 * $kernel_addr_r), and a device tree kept in a FIT at an address libfdt
 * cannot read (not 8-byte aligned) is copied to one it can. booti() then
 * places the kernel as the boot protocol asks, clear of the other two.
 */
#include <asm/io.h>
#include <boot.h>
#include <env.h>
#include <errno.h>
#include <fdt_valid.h>
#include <global_data.h>
#include <image.h>
#include <libfdt.h>
#include <memmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One of the three, found: its data where it is now */
struct part {
	const char *what;	/* "kernel", "ramdisk", "fdt" */
	int types[2];		/* the image types it may have */
	phys_addr_t addr;
	u64 size;
	int comp;
	bool found;		/* given or named, checked (size > 0) */
	bool has_load;
	u64 load;
};

/*
 * What @p's data must be before anything is written: a kernel gzip data
 * when it says so (bootm inflates it), else an arm64 Image or an
 * Image.gz (booti inflates that, as for booti); a DT a device tree no
 * larger than its data (the tree is what its hash covered). 0 or -EINVAL
 * (said).
 */
static int check_data(struct part *p)
{
	const void *data = map_sysmem(p->addr, p->size);
	struct linux_image li;
	struct fdt_header h;

	if (!p->size) {
		printf("bootm: the %s is empty\n", p->what);
		return -EINVAL;
	}
	if (p->types[0] == IH_TYPE_KERNEL) {
		if (boot_is_gzip(data, p->size) ||
		    (p->comp != IH_COMP_GZIP &&
		     !linux_image_parse(data, p->size, &li)))
			return 0;
		printf("bootm: the kernel is not %s\n", p->comp == IH_COMP_GZIP ?
		       "gzip data" : "an arm64 Image or Image.gz (their magic)");
		return -EINVAL;
	}
	if (p->types[0] != IH_TYPE_FLATDT)
		return 0;
	/* Its header read where libfdt may read it (aligned) */
	memcpy(&h, data, min_t(u64, sizeof(h), p->size));
	if (p->size < sizeof(h) || fdt_check_header(&h) ||
	    fdt_totalsize(&h) > p->size) {
		printf("bootm: the fdt is not a device tree of at most its %llu bytes\n",
		       (unsigned long long)p->size);
		return -EINVAL;
	}
	p->size = fdt_totalsize(&h);
	return 0;
}

static const void *image_at(phys_addr_t addr, size_t *availp)
{
	return image_map(addr, "bootm", availp);
}

static bool is_fit(const void *buf)
{
	return image_format(buf) == IMAGE_FDT;
}

static bool is_legacy(const void *buf)
{
	return image_format(buf) == IMAGE_LEGACY;
}

/* A FIT at @addr, checked; NULL after saying why not */
static const void *fit_at(phys_addr_t addr, const void *buf, size_t avail)
{
	int ret;

	if (addr & 7) {
		printf("bootm: the device tree or FIT at 0x%llx is not 8-byte aligned: load it at an aligned address\n",
		       (unsigned long long)addr);
		return NULL;
	}
	ret = fit_check(buf, avail);
	if (ret == -ENOENT)
		printf("bootm: the device tree at 0x%llx is not a FIT: no %s node\n",
		       (unsigned long long)addr, FIT_IMAGES);
	else if (ret)
		printf("bootm: bad device tree or FIT at 0x%llx: %s\n",
		       (unsigned long long)addr,
		       ret == -EFAULT ? "it runs past the end of RAM" :
					"a broken device tree");
	return ret ? NULL : buf;
}

/* Whether @img may be @p: its type, OS, architecture, compression */
static int fit_fits(const struct fit_img *img, const struct part *p)
{
	if (img->type < 0 ||
	    (img->type != p->types[0] && img->type != p->types[1])) {
		printf("bootm: '%s' is a '%s' image, not a %s\n", img->name,
		       img->type_str, p->what);
		return -EINVAL;
	}
	if (*img->arch_str && img->arch != IH_ARCH_ARM64) {
		printf("bootm: '%s' is for architecture '%s', not arm64\n",
		       img->name, img->arch_str);
		return -EINVAL;
	}
	if (img->type != IH_TYPE_FLATDT && *img->os_str &&
	    img->os != IH_OS_LINUX) {
		printf("bootm: '%s' is for OS '%s': Ember boots Linux\n",
		       img->name, img->os_str);
		return -EINVAL;
	}
	if (img->comp != IH_COMP_NONE &&
	    (img->comp != IH_COMP_GZIP || img->type == IH_TYPE_RAMDISK ||
	     img->type == IH_TYPE_FLATDT)) {
		printf("bootm: '%s' has compression '%s': Ember takes %s\n",
		       img->name, img->comp_str,
		       img->type == IH_TYPE_KERNEL ||
		       img->type == IH_TYPE_KERNEL_NOLOAD ?
		       "'none' or 'gzip' for a kernel" :
		       "only 'none' here (the kernel unpacks a compressed initramfs itself)");
		return -EINVAL;
	}
	return 0;
}

/* FIT image @node as @p, shown and verified */
static int fit_part(const void *fit, size_t avail, int node, struct part *p)
{
	struct fit_img img;
	int ret = fit_image_get(fit, avail, node, &img);

	if (ret) {
		printf("bootm: image '%s': %s\n", img.name,
		       fit_image_error(ret));
		return ret;
	}
	printf("   Trying '%s' %s subimage\n", img.name, p->what);
	fit_show_image(fit, &img, "     ");
	ret = fit_fits(&img, p);
	if (ret)
		return ret;
	ret = fit_verify_asked(fit, &img);
	if (ret)
		return ret;
	p->addr = map_to_sysmem(img.data);
	p->size = img.size;
	p->comp = img.comp;
	/* A ramdisk's load 0 means where it lies, as in U-Boot */
	p->has_load = img.has_load && img.type != IH_TYPE_KERNEL_NOLOAD &&
		      (img.load || img.type != IH_TYPE_RAMDISK);
	p->load = img.load;
	p->found = true;
	return check_data(p);
}

/*
 * @p from the FIT at @addr: subimage @sub, or configuration @conf's
 * entry for @prop (@conf NULL: the default configuration). -ENOENT,
 * quietly, when a configuration has no such entry.
 */
static int from_fit(phys_addr_t addr, const void *buf, size_t avail,
		    const char *conf, const char *sub, const char *prop,
		    struct part *p)
{
	const void *fit = fit_at(addr, buf, avail);
	const char *name;
	int node, cnode;

	if (!fit)
		return -EINVAL;
	if (sub) {
		printf("## Loading %s from FIT Image at %08llx ...\n", p->what,
		       (unsigned long long)addr);
		node = fit_image_node(fit, sub);
		if (node < 0) {
			printf("bootm: no image '%s' in the FIT\n", sub);
			return -EINVAL;
		}
		return fit_part(fit, avail, node, p);
	}
	cnode = fit_conf(fit, conf, &name);
	if (cnode < 0) {
		if (conf)
			printf("bootm: no configuration '%s' in the FIT at 0x%llx\n",
			       conf, (unsigned long long)addr);
		else
			printf("bootm: the FIT at 0x%llx has no default configuration: name one (bootm <addr>#<conf>)\n",
			       (unsigned long long)addr);
		return -EINVAL;
	}
	node = fit_conf_image(fit, cnode, prop, 0, &sub);
	if (node == -ENOENT)
		return -ENOENT;
	printf("## Loading %s from FIT Image at %08llx ...\n", p->what,
	       (unsigned long long)addr);
	printf("   Using '%s' configuration\n", name);
	if (node < 0) {
		printf("bootm: configuration '%s' names image '%s', which the FIT lacks\n",
		       name, sub);
		return -EINVAL;
	}
	if (fdt_stringlist_count(fit, cnode, prop) > 1) {
		printf("bootm: configuration '%s' lists more than one %s: %s\n",
		       name, prop, strcmp(prop, "fdt") ?
		       "Ember takes one" : "Ember applies no overlays");
		return -EINVAL;
	}
	return fit_part(fit, avail, node, p);
}

/* A legacy image at @addr as @p */
static int from_legacy(phys_addr_t addr, const void *buf, size_t avail,
		       const char *title, struct part *p)
{
	int type = p->types[0];
	struct legacy_img img;
	int ret = legacy_img_check(buf, avail, &img);

	printf("## %s from Legacy Image at %08llx ...\n", title,
	       (unsigned long long)addr);
	if (ret) {
		printf("   %s\n", legacy_img_error(ret));
		return ret;
	}
	image_show_legacy(&img, "   ");
	ret = image_verify_legacy(&img, "   ", false);
	if (ret)
		return ret;
	if (img.type != type && img.type != p->types[1]) {
		printf("bootm: not a %s image: %s\n", p->what,
		       image_name(IMAGE_TYPE, img.type));
		return -EINVAL;
	}
	if (img.arch != IH_ARCH_ARM64 ||
	    (type != IH_TYPE_FLATDT && img.os != IH_OS_LINUX)) {
		printf("bootm: the %s is for %s %s: Ember boots AArch64 Linux\n",
		       p->what, image_name(IMAGE_ARCH, img.arch),
		       image_name(IMAGE_OS, img.os));
		return -EINVAL;
	}
	if (img.comp != IH_COMP_NONE &&
	    (img.comp != IH_COMP_GZIP || type != IH_TYPE_KERNEL)) {
		printf("bootm: the %s is %s: Ember takes uncompressed ones%s\n",
		       p->what, image_name(IMAGE_COMP, img.comp),
		       type == IH_TYPE_KERNEL ? ", or gzip" : "");
		return -EINVAL;
	}
	p->addr = map_to_sysmem(img.data);
	p->size = img.size;
	p->comp = img.comp;
	p->has_load = img.type == IH_TYPE_KERNEL;
	p->load = img.load;
	p->found = true;
	return check_data(p);
}

static int get_kernel(const struct bootm_arg *a, struct part *k)
{
	size_t avail;
	const void *buf = image_at(a->addr, &avail);

	if (!buf)
		return -EFAULT;
	if (is_legacy(buf)) {
		if (a->conf || a->sub) {
			printf("bootm: the image at 0x%llx is a legacy image, not a FIT: no '#' or ':' after its address\n",
			       (unsigned long long)a->addr);
			return -EINVAL;
		}
		return from_legacy(a->addr, buf, avail, "Booting kernel", k);
	}
	if (is_fit(buf)) {
		int ret = from_fit(a->addr, buf, avail, a->conf, a->sub,
				   "kernel", k);

		if (ret == -ENOENT)
			printf("bootm: the configuration names no kernel\n");
		return ret;
	}
	printf("Wrong Image Format for bootm command\n");
	if (!mem_check_read(a->addr, sizeof(struct linux_image_header)) &&
	    (!linux_image_parse(buf, 0, &(struct linux_image){}) ||
	     boot_is_gzip(buf, 2)))
		printf("bootm: 0x%llx holds an arm64 Image%s: boot it with booti\n",
		       (unsigned long long)a->addr,
		       boot_is_gzip(buf, 2) ? " (gzip)" : "");
	return -ENOEXEC;
}

/*
 * The ramdisk or the DT (@p->what): argument @a, or the entry of the
 * kernel's configuration (@kconf: the kernel's argument, when it named
 * one, by '#' or by default). @p->size 0: none.
 */
static int get_other(const struct bootm_arg *a, const struct bootm_arg *kconf,
		     bool fit_kernel, struct part *p)
{
	bool rd = p->what[0] == 'r';
	size_t avail;
	const void *buf;
	char *end;
	int ret;

	if (a->none)
		return 0;
	if (!a->given) {
		if (!fit_kernel || kconf->sub)
			return 0;
		buf = image_at(kconf->addr, &avail);
		ret = from_fit(kconf->addr, buf, avail, kconf->conf, NULL,
			       rd ? "ramdisk" : "fdt", p);
		return ret == -ENOENT ? 0 : ret;
	}
	buf = image_at(a->addr, &avail);
	if (!buf)
		return -EFAULT;
	if (is_fit(buf)) {
		const void *dt = rd || a->sub || a->conf ? NULL :
				 fdt_valid_at(a->addr);

		if (dt && fdt_path_offset(dt, FIT_IMAGES) < 0) {
			/* A plain device tree, not a FIT */
			printf("## Flattened Device Tree blob at %08llx\n",
			       (unsigned long long)a->addr);
			p->addr = a->addr;
			p->size = fdt_totalsize(dt);
			p->found = true;
			return 0;
		}
		ret = from_fit(a->addr, buf, avail, a->conf, a->sub,
			       rd ? "ramdisk" : "fdt", p);
		if (ret == -ENOENT)
			printf("bootm: the configuration names no %s\n", p->what);
		return ret;
	}
	if (is_legacy(buf)) {
		if (a->sub || a->conf) {
			printf("bootm: the image at 0x%llx is a legacy image, not a FIT\n",
			       (unsigned long long)a->addr);
			return -EINVAL;
		}
		return from_legacy(a->addr, buf, avail,
				   rd ? "Loading init Ramdisk" : "Loading fdt", p);
	}
	if (!rd) {
		printf("bootm: no device tree, legacy image or FIT at 0x%llx\n",
		       (unsigned long long)a->addr);
		return -EINVAL;
	}
	/* A raw initrd: <addr>:<size> */
	p->size = a->sub ? strtoull(a->sub, &end, 16) : 0;
	if (!a->sub || end == a->sub || *end || !p->size) {
		printf("bootm: the initrd at 0x%llx is neither a legacy image nor a FIT: give its size (<addr>:<size>, hex)\n",
		       (unsigned long long)a->addr);
		return -EINVAL;
	}
	ret = mem_check_read(a->addr, p->size);
	if (ret) {
		mem_report("bootm: initrd", a->addr, p->size, ret);
		return ret;
	}
	p->addr = a->addr;
	p->found = true;
	return 0;
}

/* @n regions of @parts (with sizes) as booti's list of things to avoid */
static int regions(const struct part *const *parts, int n,
		   struct boot_region *r)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		if (parts[i]->found)
			r[k++] = (struct boot_region){ parts[i]->addr,
						       parts[i]->size,
						       parts[i]->what };
	return k;
}

/* Move @p to @dest, which must be free of @avoid; 0 or errno (said) */
static int move_to(struct part *p, phys_addr_t dest,
		   const struct part *const *avoid, int n)
{
	struct boot_region r[3];
	const struct boot_region *clash;
	int k = regions(avoid, n, r), ret;

	ret = mem_check_load(dest, p->size);
	if (ret) {
		mem_report("bootm: the ramdisk's load address", dest, p->size,
			   ret);
		return ret;
	}
	clash = boot_in_the_way(dest, p->size, r, k);
	if (clash) {
		printf("bootm: the %s's load address 0x%llx would overwrite the %s\n",
		       p->what, (unsigned long long)dest, clash->what);
		return -EBUSY;
	}
	printf("   Loading %s from 0x%llx to 0x%llx\n", p->what,
	       (unsigned long long)p->addr, (unsigned long long)dest);
	memmove(map_sysmem(dest, p->size), map_sysmem(p->addr, p->size),
		p->size);
	p->addr = dest;
	return 0;
}

/* Inflate the kernel to its load address, clear of @avoid */
static int inflate(struct part *k, const struct part *const *avoid, int n)
{
	phys_addr_t dest = k->has_load ? k->load :
				env_get_hex("kernel_addr_r", 0);
	struct boot_region r[4];
	int m = regions(avoid, n, r);
	const char *stop;
	size_t out;
	u64 room;
	int ret;

	if (!k->has_load && !dest) {
		printf("bootm: the kernel is compressed and has no load address: set kernel_addr_r\n");
		return -EINVAL;
	}
	ret = mem_check_load(dest, 1);
	if (ret) {
		mem_report("bootm: the kernel's load address", dest, 1, ret);
		return ret;
	}
	r[m++] = (struct boot_region){ k->addr, k->size, "the compressed kernel" };
	room = boot_room(dest, r, m, &stop);
	if (!room) {
		printf("bootm: no room to uncompress the kernel at 0x%llx (%s)\n",
		       (unsigned long long)dest, stop);
		return -ENOSPC;
	}
	printf("   Uncompressing Kernel Image to %llx\n",
	       (unsigned long long)dest);
	ret = boot_gunzip(map_sysmem(dest, room), room,
			  map_sysmem(k->addr, k->size), k->size, &out);
	if (ret) {
		boot_gunzip_report("bootm", "the kernel", dest, ret, stop,
				   room);
		return ret;
	}
	k->addr = dest;
	k->size = out;
	return 0;
}

/* A DT libfdt cannot read where it is (not 8-byte aligned): copied */
static int align_fdt(struct part *f, const struct part *const *avoid, int n)
{
	struct boot_region r[3];
	int m = regions(avoid, n, r), ret;
	phys_addr_t dest;

	if (!(f->addr & 7))
		return 0;
	ret = boot_find_room(f->size, 0x1000, 0, r, m, &dest);
	if (ret) {
		printf("bootm: no room to align the device tree (0x%llx bytes)\n",
		       (unsigned long long)f->size);
		return ret;
	}
	memmove(map_sysmem(dest, f->size), map_sysmem(f->addr, f->size),
		f->size);
	f->addr = dest;
	return 0;
}

int bootm(const struct bootm_arg args[3])
{
	struct part k = {
		.what = "kernel",
		.types = { IH_TYPE_KERNEL, IH_TYPE_KERNEL_NOLOAD },
	};
	struct part rd = {
		.what = "ramdisk", .types = { IH_TYPE_RAMDISK, IH_TYPE_RAMDISK },
	};
	struct part fdt = {
		.what = "fdt", .types = { IH_TYPE_FLATDT, IH_TYPE_FLATDT },
	};
	size_t avail;
	bool fit;
	int ret;

	ret = get_kernel(&args[0], &k);
	if (ret)
		return ret;
	fit = is_fit(image_at(args[0].addr, &avail));
	ret = get_other(&args[1], &args[0], fit, &rd);
	if (!ret)
		ret = get_other(&args[2], &args[0], fit, &fdt);
	if (ret)
		return ret;
	/* Everything found and verified: from here on memory is written */
	if (rd.found && rd.has_load && rd.load != rd.addr) {
		ret = move_to(&rd, rd.load,
			      (const struct part *[]){ &k, &fdt }, 2);
		if (ret)
			return ret;
	}
	if (k.comp == IH_COMP_GZIP) {
		ret = inflate(&k, (const struct part *[]){ &rd, &fdt }, 2);
		if (ret)
			return ret;
	}
	if (fdt.found) {
		ret = align_fdt(&fdt, (const struct part *[]){ &k, &rd }, 2);
		if (ret)
			return ret;
	}
	return booti(k.addr, rd.found ? rd.addr : 0, rd.found ? rd.size : 0,
		     fdt.found ? fdt.addr : 0);
}
