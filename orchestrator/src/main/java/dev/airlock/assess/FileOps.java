package dev.airlock.assess;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Programs that create, change, move and delete files: {@code rm}, {@code cp}, {@code mv}, {@code mkdir},
 * {@code chmod}, {@code dd}, {@code truncate}, archives and compressors. Their operands are the paths.
 */
final class FileOps {

    private FileOps() {
    }

    static void register(Rules r) {
        r.put(FileOps::rm, "rm");
        r.put(c -> Opts.parse(c.args()).operands.forEach(c::deletes), "unlink");
        r.put(c -> Opts.parse(c.args()).operands.forEach(a -> c.writes(a, "removes-directory", Tier.WRITE)), "rmdir");
        r.put(FileOps::copy, "cp", "mv", "install");
        r.put(FileOps::ln, "ln");
        r.put(c -> Opts.parse(c.args(), "drt", Set.of("--date", "--reference")).operands.forEach(c::writes), "touch");
        r.put(c -> Opts.parse(c.args(), "mZ", Set.of("--mode", "--context")).operands
                .forEach(a -> c.writes(a, "creates", Tier.WRITE)), "mkdir");
        r.put(FileOps::mode, "chmod", "chown", "chgrp", "setfacl", "chattr", "chcon");
        r.put(FileOps::truncate, "truncate");
        r.put(FileOps::shred, "shred", "wipe", "srm");
        r.put(FileOps::dd, "dd");
        r.put(FileOps::format, "mkfs", "mke2fs", "mkswap", "wipefs", "fdisk", "sfdisk", "gdisk", "sgdisk", "parted",
                "blkdiscard", "mkfs.ext4", "mkfs.ext3", "mkfs.ext2", "mkfs.xfs", "mkfs.btrfs", "mkfs.vfat", "mkfs.fat");
        r.put(FileOps::tar, "tar", "bsdtar");
        r.put(FileOps::unzip, "unzip");
        r.put(FileOps::zip, "zip", "7z", "7za", "rar", "jar");
        r.put(FileOps::compress, "gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "lzma", "unlzma", "zstd",
                "unzstd", "lz4", "pigz", "compress", "uncompress", "brotli");
        r.put(c -> Opts.parse(c.args()).operands.forEach(c::reads), "zcat", "bzcat", "xzcat", "zstdcat", "zless",
                "zmore");
        r.put(FileOps::convert, "dos2unix", "unix2dos", "mac2unix", "unix2mac");
        r.put(c -> Opts.parse(c.args()).operands.forEach(c::writes), "sponge");
        r.put(FileOps::mktemp, "mktemp");
    }

    private static void rm(Call c) {
        Opts o = Opts.parse(c.args());
        if (o.has("--no-preserve-root")) {
            c.fx.add(Tier.DESTRUCTIVE, "deletes", "/ may be deleted (--no-preserve-root)");
        }
        o.operands.forEach(c::deletes);
    }

    /** {@code cp}/{@code mv}/{@code install}: sources are read (moved), the destination is written and may be replaced. */
    private static void copy(Call c) {
        boolean install = c.program.equals("install");
        Opts o = Opts.parse(c.args(), install ? "tSmogZ" : "tSZ",
                Set.of("--target-directory", "--suffix", "--mode", "--owner", "--group", "--context"));
        if (install && o.has("-d", "--directory")) {
            o.operands.forEach(a -> c.writes(a, "creates", Tier.WRITE));
            return;
        }
        Optional<Arg> target = o.value("-t", "--target-directory");
        List<Arg> sources = new ArrayList<>(o.operands);
        Arg dest = target.orElseGet(() -> sources.size() > 1 ? sources.removeLast() : null);
        boolean move = c.program.equals("mv");
        for (Arg s : sources) {
            if (move) {
                c.writes(s, "moves", Tier.WRITE);
            } else {
                c.reads(s);
            }
        }
        if (dest == null) {
            return;
        }
        c.writes(dest);
        boolean noClobber = o.has("-n", "--no-clobber", "-i", "--interactive")
                || o.value("--update").map(u -> u.text().equals("none")).orElse(false);
        if (!noClobber) {
            c.mayOverwrite(dest, o.has("-f", "--force"));
        }
    }

    private static void ln(Call c) {
        Opts o = Opts.parse(c.args(), "tS", Set.of("--target-directory", "--suffix"));
        List<Arg> ops = o.operands;
        Optional<Arg> target = o.value("-t", "--target-directory");
        Arg link = target.orElse(ops.size() > 1 ? ops.getLast()
                : ops.isEmpty() ? null : Arg.of(Programs.basename(ops.getFirst().text())));
        if (link != null) {
            c.writes(link, "links", Tier.WRITE);
            if (o.has("-f", "--force")) {
                c.mayOverwrite(link, true);
            }
        }
        ops.forEach(c::looksAt);
    }

    /** chmod/chown: the first operand is the mode or owner; recursive changes are destructive (issue 4). */
    private static void mode(Call c) {
        List<Arg> args = new ArrayList<>(c.args());
        // "chmod -x file": a mode that looks like an option
        boolean modeAsOption = c.program.equals("chmod") && args.removeIf(a -> a.text().matches("-[rwxXst]+"));
        Opts o = Opts.parse(args, c.program.equals("setfacl") ? "mMxX" : "",
                Set.of("--reference", "--from", "--modify", "--set"));
        List<Arg> ops = new ArrayList<>(o.operands);
        boolean takesSpec = !c.program.equals("setfacl") && !c.program.equals("chattr") && !o.has("--reference")
                && !modeAsOption;
        if (c.program.equals("chattr")) {
            ops.removeIf(a -> a.text().startsWith("+") || a.text().startsWith("="));
        }
        if (takesSpec && !ops.isEmpty()) {
            ops.removeFirst();
        }
        boolean recursive = o.has("-R", "--recursive");
        String what = c.program.equals("chmod") || c.program.equals("setfacl") || c.program.equals("chattr")
                ? "changes-mode" : "changes-owner";
        for (Arg a : ops) {
            c.writes(a, what, recursive ? Tier.DESTRUCTIVE : Tier.WRITE);
        }
    }

    private static void truncate(Call c) {
        Opts o = Opts.parse(c.args(), "sr", Set.of("--size", "--reference"));
        o.operands.forEach(a -> c.writes(a, "truncates", Tier.DESTRUCTIVE));
    }

    private static void shred(Call c) {
        Opts o = Opts.parse(c.args(), "ns", Set.of("--iterations", "--size", "--random-source"));
        o.operands.forEach(a -> c.writes(a, "destroys", Tier.DESTRUCTIVE));
        if (o.has("-u", "--remove")) {
            o.operands.forEach(c::deletes);
        }
    }

    private static void dd(Call c) {
        for (Arg a : c.args()) {
            if (a.text().startsWith("if=")) {
                c.reads(a.from(3));
            } else if (a.text().startsWith("of=")) {
                c.writes(a.from(3), "overwrites", Tier.DESTRUCTIVE);
            }
        }
    }

    private static void format(Call c) {
        Opts o = Opts.parse(c.args(), "tLUbcCEFgGIlmNOrT", Set.of("--type"));
        if (Basics.versionOrHelp(c.args()) || o.has("-l", "--list") && c.program.contains("disk")) {
            return;
        }
        String target = o.operands.isEmpty() ? "a device" : o.operands.getLast().text();
        c.fx.add(Tier.DESTRUCTIVE, "formats", target);
        c.namesOnly = true;
    }

    private static void tar(Call c) {
        List<Arg> args = new ArrayList<>(c.args());
        // old style: "tar xzf a.tgz" is "tar -x -z -f a.tgz"
        if (!args.isEmpty() && !args.getFirst().text().startsWith("-") && args.getFirst().text().matches("[A-Za-z]+")) {
            args.set(0, Arg.of("-" + args.getFirst().text()));
        }
        Opts o = Opts.parse(args, "fCbTXgKNLHVI", Set.of("--file", "--directory", "--exclude", "--files-from",
                "--exclude-from", "--use-compress-program", "--transform", "--owner", "--group", "--mode", "--format",
                "--blocking-factor", "--listed-incremental", "--newer", "--after-date", "--strip-components"));
        Optional<Arg> archive = o.value("-f", "--file");
        Optional<Arg> dir = o.value("-C", "--directory");
        if (o.has("-t", "--list", "-d", "--diff", "--compare")) {
            archive.ifPresent(c::reads);
        } else if (o.has("-x", "--extract", "--get")) {
            archive.ifPresent(c::reads);
            Arg into = dir.orElse(Arg.of("."));
            c.writes(into, "extracts-into", Tier.WRITE);
            if (!o.has("-k", "--keep-old-files", "--skip-old-files")) {
                c.mayOverwrite(into, o.has("--overwrite"));
            }
        } else if (o.has("-c", "--create", "-r", "--append", "-u", "--update", "-A", "--catenate")) {
            archive.ifPresent(c::writes);
            if (dir.isPresent()) {
                c.cwd = Basics.directory(c, dir.get());
            }
            o.operands.forEach(c::reads);
        }
        if (o.has("-I", "--use-compress-program", "--to-command", "--checkpoint-action", "--info-script",
                "--new-volume-script", "-F")) {
            c.executes("tar runs another program it is given");
        }
    }

    private static void unzip(Call c) {
        Opts o = Opts.parse(c.args(), "dx", Set.of());
        if (o.operands.isEmpty()) {
            return;
        }
        c.reads(o.operands.getFirst());
        if (o.has("-l", "-v", "-t", "-Z", "-p", "-c", "-z")) {
            return;
        }
        Arg into = o.value("-d").orElse(Arg.of("."));
        c.writes(into, "extracts-into", Tier.WRITE);
        if (!o.has("-n")) {
            c.mayOverwrite(into, o.has("-o"));
        }
    }

    private static void zip(Call c) {
        if (Basics.versionOrHelp(c.args())) {
            return;
        }
        Opts o = Opts.parse(c.args(), "xibntOP", Set.of("--exclude", "--include", "--temp-path", "--password"));
        List<Arg> ops = new ArrayList<>(o.operands);
        if (!c.program.equals("zip") && !ops.isEmpty()) {
            String cmd = ops.removeFirst().text();
            if (c.program.equals("jar")) {
                cmd = "-" + cmd;
            }
            if (cmd.contains("x") || cmd.equals("e")) {
                c.writes(Arg.of("."), "extracts-into", Tier.WRITE);
                if (!ops.isEmpty()) {
                    c.reads(ops.getFirst());
                }
                return;
            }
            if (cmd.contains("t") || cmd.equals("l")) {
                ops.forEach(c::reads);
                return;
            }
        }
        if (ops.isEmpty()) {
            return;
        }
        c.writes(ops.removeFirst());
        ops.forEach(c::reads);
    }

    private static void compress(Call c) {
        Opts o = Opts.parse(c.args(), "SbTpo", Set.of("--suffix", "--threads", "--output"));
        boolean toStdout = o.has("-c", "--stdout", "--to-stdout", "-t", "--test", "-l", "--list");
        for (Arg a : o.operands) {
            if (toStdout) {
                c.reads(a);
            } else if (o.has("-k", "--keep")) {
                c.reads(a);
                c.writes(a, "writes-beside", Tier.WRITE);
            } else {
                c.writes(a, "replaces", Tier.WRITE);
            }
        }
        o.value("-o", "--output").ifPresent(c::writes);
    }

    private static void convert(Call c) {
        Opts o = Opts.parse(c.args());
        if (o.has("-n", "--newfile") && o.operands.size() >= 2) {
            c.reads(o.operands.getFirst());
            c.writes(o.operands.get(1));
            return;
        }
        o.operands.forEach(c::writes);
    }

    private static void mktemp(Call c) {
        Opts o = Opts.parse(c.args(), "p", Set.of("--tmpdir", "--suffix"));
        Optional<Arg> dir = o.value("-p", "--tmpdir");
        boolean inTmp = o.has("-t", "--tmpdir") || o.operands.isEmpty();
        if (dir.isPresent() && !dir.get().text().isEmpty()) {
            c.writes(dir.get(), "creates-in", Tier.WRITE);
        } else if (!inTmp) {
            c.writes(o.operands.getFirst(), "creates", Tier.WRITE);
        }
        c.namesOnly = true;
    }
}
