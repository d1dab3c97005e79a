package glxc.runtime.kernel;

import java.util.List;
import java.util.Locale;

/** Linux capabilities in kernel order (index = number), named as lxc.cap.drop/keep name them. */
public final class Capabilities {
    public static final List<String> NAMES = List.of("chown", "dac_override", "dac_read_search", "fowner", "fsetid",
            "kill", "setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast", "net_admin",
            "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
            "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
            "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
            "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore");

    public static final long ALL = (1L << NAMES.size()) - 1;

    private Capabilities() {}

    /** A capability number from "sys_admin", "CAP_SYS_ADMIN" or "21". */
    public static int parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("cap_")) s = s.substring(4);
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s);
            if (n < NAMES.size()) return n;
        }
        int i = NAMES.indexOf(s);
        if (i < 0) throw new IllegalArgumentException("no such capability: " + text);
        return i;
    }
}
