package glxc.runtime.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which Linux security modules are active here: an LSM key may be ignored only where its LSM is absent. */
public final class HostSecurity {
    private HostSecurity() {}

    public static boolean appArmorActive() {
        try {
            return Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).trim().equals("Y");
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean selinuxActive() {
        return Files.exists(Path.of("/sys/fs/selinux/enforce"));
    }
}
