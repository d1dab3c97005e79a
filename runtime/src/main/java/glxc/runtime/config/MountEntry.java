package glxc.runtime.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One mount for the shim: an lxc.mount.entry (fstab format, target relative to the rootfs) or one that
 * glxc makes itself (lxc.mount.auto). LXC's own options create=dir|file and optional are understood.
 */
public record MountEntry(String source, String target, String fstype, long flags, String data,
                         Create create, boolean optional, boolean sourceInRootfs) {

    public enum Create { NONE, DIR, FILE }

    public static MountEntry parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 3) throw new IllegalArgumentException("expected 'source target fstype [options [dump [pass]]]', found '" + line + "'");
        if (f.length > 6) throw new IllegalArgumentException("too many fields in '" + line + "'");
        String options = f.length > 3 ? f[3] : "defaults";
        long flags = 0;
        List<String> data = new ArrayList<>();
        Create create = Create.NONE;
        boolean optional = false;
        for (String opt : options.split(",")) {
            if (opt.isEmpty()) continue;
            if (opt.equals("optional")) optional = true;
            else if (opt.equals("create=dir")) create = Create.DIR;
            else if (opt.equals("create=file")) create = Create.FILE;
            else if (opt.startsWith("create=")) throw new IllegalArgumentException("create= takes dir or file, found '" + opt + "'");
            else if (opt.equals("relative")) throw new IllegalArgumentException("the 'relative' option is not supported yet");
            else {
                Long applied = MountFlags.apply(flags, opt);
                if (applied != null) flags = applied;
                else data.add(opt);
            }
        }
        String target = f[1];
        if (target.contains("\t") || f[0].contains("\t")) throw new IllegalArgumentException("tabs are not allowed in '" + line + "'");
        String fstype = f[2].equals("none") && (flags & MountFlags.BIND) != 0 ? "" : f[2];
        return new MountEntry(f[0], target, fstype, flags, String.join(",", data), create, optional, false);
    }

    /** This entry with its target made relative to the rootfs (LXC accepts both forms). */
    public MountEntry relativeTo(String rootfs) {
        String t = target;
        if (t.startsWith(rootfs + "/")) t = t.substring(rootfs.length() + 1);
        while (t.startsWith("/")) t = t.substring(1);
        return new MountEntry(source, t, fstype, flags, data, create, optional, sourceInRootfs);
    }
}
