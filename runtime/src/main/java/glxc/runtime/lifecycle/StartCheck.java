package glxc.runtime.lifecycle;

import glxc.runtime.storage.RootfsSource;
import java.util.List;

import glxc.runtime.api.ConfigException;
import glxc.runtime.api.Container;
import glxc.runtime.api.Store;
import glxc.runtime.config.ConfigKeys;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.kernel.HostSecurity;

import java.nio.file.Files;
import java.nio.file.Path;
import glxc.runtime.api.GlxcException;
import glxc.runtime.kernel.Processes;
import glxc.runtime.net.NetDevice;
import glxc.runtime.seccomp.LxcSeccompProfile;
import java.io.IOException;

/**
 * Validates a configuration before anything is made (runc's configs/validate): keys whose feature has
 * not landed are refused by name, ignorable ones produce one warning each, the rootfs must exist.
 */
final class StartCheck {
    private StartCheck() {}

    /**
     * Through an idmapped mount, what the container's root writes is host root's on disk, setuid bits
     * included; in a shifted rootfs, its setuid files are the container root's uid: some folder on the way
     * to the rootfs must keep other users out.
     */
    private static void closedToOthers(Container c, Path rootfs, ContainerConfig config) {
        for (Path p = rootfs.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                int mode = (Integer) Files.getAttribute(p, "unix:mode");
                if ((mode & 0001) == 0) return;
            } catch (IOException e) {
                return;   // the missing-rootfs check reports it
            }
        }
        ConfigLine l = config.lines("lxc.rootfs.path").isEmpty() ? config.lines("lxc.idmap").get(0) : config.lines("lxc.rootfs.path").get(0);
        throw new ConfigException(l.file(), l.line(), l.key(), "other users can reach " + rootfs + ", where an unprivileged container's root "
                + "writes files as host root: close a folder on the way (chmod o-x), e.g. its parent");
    }

    static Path validate(Store store, Container c, ContainerConfig config) {
        if (Rootless.active()) Rootless.check(c, config);
        for (ConfigLine l : config.entries()) {
            ConfigKeys.Key k = ConfigKeys.find(l.key()).orElseThrow();
            if (k.support() == ConfigKeys.Support.LATER)
                throw new ConfigException(l.file(), l.line(), l.key(), "not supported yet: " + l.key() + " (comes with " + k.note() + ")");
        }
        for (NetDevice d : NetDevice.of(config)) {
            ConfigLine l = d.typeLine();
            if (d.type().equals("ipvlan"))
                throw new ConfigException(l.file(), l.line(), l.key(), "not supported yet: " + l.key() + " = ipvlan (veth, macvlan, vlan, phys, empty and none work)");
            if (d.type().equals("veth") && config.get("lxc.net." + d.index() + ".veth.mode").orElse("bridge").equals("router"))
                throw new ConfigException(l.file(), l.line(), "lxc.net." + d.index() + ".veth.mode", "not supported yet: veth.mode = router (bridge works)");
            if (!d.type().equals("veth") && !d.type().equals("empty") && !d.type().equals("none") && d.link() == null)
                throw new ConfigException(l.file(), l.line(), "lxc.net." + d.index() + ".link", "a " + d.type() + " network needs lxc.net." + d.index() + ".link (the host interface)");
        }
        config.capabilitiesKept(false);
        boolean shifted = Rootless.shifted(config);
        for (ConfigLine l : config.lines("lxc.rootfs.options")) {   // LXC's mount options for the rootfs: glxc knows idmap=container
            if (!l.value().trim().equals("idmap=container"))
                throw new ConfigException(l.file(), l.line(), l.key(), "not supported yet: " + l.key() + " = " + l.value().trim() + " (glxc takes idmap=container)");
            if (config.idmaps().isEmpty())
                throw new ConfigException(l.file(), l.line(), l.key(), "idmap=container needs lxc.idmap (the user namespace the rootfs is shifted into)");
            if (shifted)
                throw new ConfigException(l.file(), l.line(), l.key(), "the rootfs already belongs to the container's root on disk: idmap=container would shift it twice");
        }
        // idmapped: root inside writes host root's files; shifted: a setuid file of the container's root would make
        // any local user that uid. Either way, other users must not reach the rootfs.
        if (!config.idmaps().isEmpty() && config.rootfs().isPresent()) closedToOthers(c, config.rootfs().get(), config);
        if (Rootless.active() && config.ephemeral()) {
            ConfigLine l = config.lines("lxc.ephemeral").get(0);
            throw new ConfigException(l.file(), l.line(), l.key(), "an ephemeral container needs root so far: its monitor could not remove files its root owns");
        }
        if (shifted && config.rootfsSource().orElseThrow() instanceof RootfsSource.Overlay) {
            ConfigLine l = config.lines("lxc.rootfs.path").get(0);
            throw new ConfigException(l.file(), l.line(), l.key(), "an overlay whose layers belong to the container's root on disk (not host root's, "
                    + "shown through idmapped mounts) is not supported yet");
        }
        if (!config.idmaps().isEmpty()) {
            boolean u = config.idmaps().stream().anyMatch(m -> m[0].equals("u") && m[1].equals("0"));
            boolean g = config.idmaps().stream().anyMatch(m -> m[0].equals("g") && m[1].equals("0"));
            if (!u || !g) {
                ConfigLine l = config.lines("lxc.idmap").get(0);
                throw new ConfigException(l.file(), l.line(), l.key(), "a user namespace needs both a u and a g map for id 0 inside");
            }
            for (ConfigLine l : config.lines("lxc.idmap")) {   // mapping host root in would make "unprivileged" a lie
                String[] m = l.value().trim().split("\\s+");
                long outside = Long.parseLong(m[2]), count = Long.parseLong(m[3]);
                if (outside == 0 && count > 0)
                    throw new ConfigException(l.file(), l.line(), l.key(), "maps host id 0 into the container: an unprivileged container must not reach host root");
            }
        }
        config.get("lxc.seccomp.profile").ifPresent(p -> LxcSeccompProfile.read(Path.of(p)));   // errors before anything is made
        if (config.consolePath().filter(p -> !p.equals("none") && !p.equals("/dev/console")).isPresent()) {
            ConfigLine l = config.lines("lxc.console.path").get(0);
            throw new ConfigException(l.file(), l.line(), l.key(), "not supported yet: a host device as the console (" + l.value() + "); use none or leave it unset");
        }
        for (ConfigLine l : config.entries()) {
            boolean apparmor = l.key().startsWith("lxc.apparmor.") && HostSecurity.appArmorActive();
            boolean selinux = l.key().startsWith("lxc.selinux.") && HostSecurity.selinuxActive();
            if (apparmor || selinux)
                throw new ConfigException(l.file(), l.line(), l.key(), "not supported yet: " + (apparmor ? "AppArmor" : "SELinux")
                        + " is active on this host and glxc cannot apply " + l.key() + " yet; remove the key to run the container without it");
        }
        Creator.warnAboutIgnoredKeys(store, c.name(), config);
        Path rootfs = config.rootfs().orElseThrow(() -> new ConfigException(c.configPath(), 0, "lxc.rootfs.path", "not set: the container has no root filesystem"));
        ConfigLine l = config.lines("lxc.rootfs.path").get(0);
        if (config.rootfsSource().orElseThrow() instanceof RootfsSource.Overlay o) {
            for (Path lower : o.lowers())
                if (!Files.isDirectory(lower)) throw new ConfigException(l.file(), l.line(), l.key(), "the overlay's lower layer " + lower + " does not exist");
            try {   // as LXC does, a missing upper, work folder or mount point is made
                for (Path p : List.of(o.upper(), o.work(), rootfs)) Files.createDirectories(p);
            } catch (IOException e) {
                throw new ConfigException(l.file(), l.line(), l.key(), "cannot make the overlay's folders: " + e.getMessage());
            }
            if (!config.idmaps().isEmpty()) for (Path p : o.lowers()) closedToOthers(c, p, config);
        }
        if (!Files.isDirectory(rootfs))
            throw new ConfigException(l.file(), l.line(), l.key(), "the root filesystem " + rootfs + " does not exist");
        return rootfs;
    }
}
