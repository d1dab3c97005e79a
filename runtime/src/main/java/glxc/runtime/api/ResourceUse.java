package glxc.runtime.api;

import glxc.runtime.cgroup.CgroupDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What lxc-info and lxc-top show, from the container's cgroups: CPU, memory (and kernel memory), block I/O, processes, OOM kills. */
public record ResourceUse(OptionalLong cpuNanos, OptionalLong memoryBytes, OptionalLong memoryLimit, OptionalLong kmemBytes,
                          OptionalLong blkioBytes, OptionalLong pids, OptionalLong oomKills) {

    public static final ResourceUse NONE = new ResourceUse(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    public static ResourceUse read(CgroupDriver v1, CgroupDriver v2) {
        OptionalLong cpu = v1 != null && v1.hasController("cpuacct") ? number(v1.folderFor("cpuacct").resolve("cpuacct.usage"))
                : v2 != null ? times(field(v2.folderFor("cpu").resolve("cpu.stat"), "usage_usec"), 1000) : OptionalLong.empty();
        OptionalLong mem = OptionalLong.empty(), limit = OptionalLong.empty(), kmem = OptionalLong.empty(), oom = OptionalLong.empty();
        if (v1 != null && v1.hasController("memory")) {
            Path m = v1.folderFor("memory");
            mem = number(m.resolve("memory.usage_in_bytes"));
            limit = unlimitedAsEmpty(number(m.resolve("memory.limit_in_bytes")));
            kmem = number(m.resolve("memory.kmem.usage_in_bytes"));
            oom = field(m.resolve("memory.oom_control"), "oom_kill");
        } else if (v2 != null && v2.hasController("memory")) {
            Path m = v2.folderFor("memory");
            mem = number(m.resolve("memory.current"));
            limit = number(m.resolve("memory.max"));
            kmem = field(m.resolve("memory.stat"), "kernel");
            oom = field(m.resolve("memory.events"), "oom_kill");
        }
        OptionalLong io = v1 != null && v1.hasController("blkio") ? blkioTotal(v1.folderFor("blkio").resolve("blkio.throttle.io_service_bytes"))
                : v2 != null && v2.hasController("io") ? ioStatTotal(v2.folderFor("io").resolve("io.stat")) : OptionalLong.empty();
        OptionalLong pids = v1 != null && v1.hasController("pids") ? number(v1.folderFor("pids").resolve("pids.current"))
                : v2 != null && v2.hasController("pids") ? number(v2.folderFor("pids").resolve("pids.current")) : OptionalLong.empty();
        return new ResourceUse(cpu, mem, limit, kmem, io, pids, oom);
    }

    private static OptionalLong number(Path f) {
        try {
            String s = Files.readString(f).trim();
            return s.equals("max") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** v1 reports "no limit" as a huge page-rounded number. */
    private static OptionalLong unlimitedAsEmpty(OptionalLong v) {
        return v.isPresent() && v.getAsLong() >= (1L << 62) ? OptionalLong.empty() : v;
    }

    private static OptionalLong field(Path f, String key) {
        try {
            for (String line : Files.readAllLines(f)) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) return OptionalLong.of(Long.parseLong(kv[1]));
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static OptionalLong times(OptionalLong v, long factor) {
        return v.isPresent() ? OptionalLong.of(v.getAsLong() * factor) : v;
    }

    private static OptionalLong blkioTotal(Path f) {
        try {
            for (String line : Files.readAllLines(f))
                if (line.startsWith("Total ")) return OptionalLong.of(Long.parseLong(line.substring(6).trim()));
            return OptionalLong.of(0);
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong ioStatTotal(Path f) {
        try {
            long total = 0;
            for (String line : Files.readAllLines(f))
                for (String kv : line.split("\\s+"))
                    if (kv.startsWith("rbytes=") || kv.startsWith("wbytes=")) total += Long.parseLong(kv.substring(7));
            return OptionalLong.of(total);
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
