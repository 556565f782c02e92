# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Disk images made by Debian's own tools, for the disk tests: filesystems
(mkfs.ext4 -d, mkfs.vfat and mtools), partition tables (sgdisk for GPT,
sfdisk for MBR), and a /boot as Debian's u-boot-update (u-boot-menu)
writes it for a kernel and an initramfs.

Every tool runs with a bounded time; a missing tool fails the test with
the package that scripts/deps installs.
"""

import os
import shutil
import subprocess

MIB = 1 << 20
TOOLS = {"mkfs.ext4": "e2fsprogs", "mkfs.vfat": "dosfstools",
         "mcopy": "mtools", "mmd": "mtools", "sgdisk": "gdisk",
         "sfdisk": "fdisk", "u-boot-update": "u-boot-menu",
         "unshare": "util-linux", "debugfs": "e2fsprogs",
         "dumpe2fs": "e2fsprogs"}


def run(*argv, **kw):
    tool = argv[0]
    if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
        raise RuntimeError(f"{tool} is missing: run scripts/deps "
                           f"({TOOLS.get(tool, tool)})")
    return subprocess.run(argv, check=True, timeout=120,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          **kw)


def ext4(path, size_mib, root=None, features=None):
    """An ext4 filesystem of @size_mib, holding the tree @root."""
    argv = ["mkfs.ext4", "-q", "-F", "-L", "boot"]
    if features:
        argv += ["-O", features]
    if root:
        argv += ["-d", str(root)]
    run(*argv, str(path), f"{size_mib}M")
    return path


def fat(path, size_mib, root=None, fat_bits=None):
    """A FAT filesystem of @size_mib (FAT12/16/32 by @fat_bits), holding
    the tree @root (copied with mtools)."""
    with open(path, "wb") as f:
        f.truncate(size_mib * MIB)
    argv = ["mkfs.vfat", "-n", "BOOT"]
    if fat_bits:
        argv += ["-F", str(fat_bits)]
    run(*argv, str(path))
    if root:
        for name in sorted(os.listdir(root)):
            run("mcopy", "-s", "-i", str(path), os.path.join(root, name),
                "::/")
    return path


def gpt(path, parts, size_mib=None):
    """A GPT disk at @path: @parts is [(name, sgdisk type code, image)],
    each partition the size of its image, 1 MiB aligned."""
    total = 2 + sum((os.path.getsize(img) + MIB - 1) // MIB
                    for _, _, img in parts)
    size_mib = size_mib or total
    with open(path, "wb") as f:
        f.truncate(size_mib * MIB)
    run("sgdisk", "-Z", str(path))
    start = 2048
    for i, (name, code, img) in enumerate(parts, 1):
        sectors = (os.path.getsize(img) + 511) // 512
        run("sgdisk", f"-n{i}:{start}:{start + sectors - 1}",
            f"-t{i}:{code}", f"-c{i}:{name}", str(path))
        _place(path, img, start * 512)
        start += (sectors + 2047) // 2048 * 2048
    return path


def mbr(path, parts, size_mib=None):
    """An MBR disk: @parts is [(sfdisk type, bootable, image)]."""
    total = 2 + sum((os.path.getsize(img) + MIB - 1) // MIB
                    for _, _, img in parts)
    with open(path, "wb") as f:
        f.truncate((size_mib or total) * MIB)
    script, start = "label: dos\n", 2048
    for typ, boot, img in parts:
        sectors = (os.path.getsize(img) + 511) // 512
        script += f"start={start}, size={sectors}, type={typ}" + \
            (", bootable\n" if boot else "\n")
        _place(path, img, start * 512)
        start += (sectors + 2047) // 2048 * 2048
    run("sfdisk", "-q", str(path), input=script.encode())
    return path


def changed_blocks(old, new, bs):
    """The blocks of image @new that differ from @old's: {number: bytes}."""
    with open(old, "rb") as f:
        a = f.read()
    with open(new, "rb") as f:
        b = f.read()
    return {i // bs: b[i:i + bs] for i in range(0, len(b), bs)
            if a[i:i + bs] != b[i:i + bs]}


def ext4_block_size(path):
    out = run("dumpe2fs", "-h", str(path)).stdout.decode()
    return int(out.split("Block size:")[1].split()[0])


def ext4_crashed(old, new, dst, jo_args=("-c", "-v", "3")):
    """@dst: the ext4 image @old whose journal holds, as one committed
    transaction written by debugfs, every block in which @new differs:
    as a machine that went down after the commit and before those blocks
    were written home (needs_recovery). Returns how many blocks."""
    blocks = changed_blocks(old, new, ext4_block_size(old))
    shutil.copyfile(old, dst)
    data = f"{dst}.news"
    with open(data, "wb") as f:
        f.write(b"".join(blocks[k] for k in sorted(blocks)))
    script = (f"jo {' '.join(jo_args)}\n"
              f"jw -b {','.join(map(str, sorted(blocks)))} {data}\njc\n")
    run("debugfs", "-w", "-f", "-", str(dst), input=script.encode())
    os.unlink(data)
    return len(blocks)


def _place(disk, img, offset):
    with open(img, "rb") as src, open(disk, "r+b") as dst:
        dst.seek(offset)
        shutil.copyfileobj(src, dst, 1 << 20)


def debian_boot(root, kernel, initrd, version, root_arg, params, fdt=None,
                timeout=None):
    """Put @kernel and @initrd in @root/boot as Debian names them, then run
    Debian's u-boot-update on it (in a mount namespace of its own, /boot
    bound to @root/boot) to write boot/extlinux/extlinux.conf. With @fdt, a
    DTB put in /boot and named by the labels (U_BOOT_FDT). Returns that
    file's text. @timeout: the menu's (U_BOOT_TIMEOUT, tenths of a
    second), else Debian's default (50)."""
    boot = os.path.join(root, "boot")
    os.makedirs(boot, exist_ok=True)
    shutil.copy(kernel, os.path.join(boot, f"vmlinuz-{version}"))
    shutil.copy(initrd, os.path.join(boot, f"initrd.img-{version}"))
    env = dict(os.environ, U_BOOT_ROOT=root_arg, U_BOOT_PARAMETERS=params)
    if timeout is not None:
        env["U_BOOT_TIMEOUT"] = str(timeout)
    if fdt:
        shutil.copy(fdt, os.path.join(boot, "board.dtb"))
        env["U_BOOT_FDT"] = "/boot/board.dtb"
    run("unshare", "-m", "sh", "-c",
        f"mount --bind '{boot}' /boot && exec u-boot-update", env=env)
    with open(os.path.join(boot, "extlinux", "extlinux.conf")) as f:
        return f.read()
