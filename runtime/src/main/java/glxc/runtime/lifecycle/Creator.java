package glxc.runtime.lifecycle;

import glxc.runtime.storage.RootfsSource;
import glxc.runtime.storage.Storage;
import glxc.runtime.storage.StorageBackend;

import glxc.runtime.api.Container;
import glxc.runtime.storage.FileTrees;
import glxc.runtime.api.ContainerEvent;
import glxc.runtime.api.CreateOptions;
import glxc.runtime.api.GlxcException;
import glxc.runtime.api.Store;
import glxc.runtime.config.ConfigFile;
import glxc.runtime.config.ConfigKeys;
import glxc.runtime.config.ConfigLine;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.net.MacAddress;
import glxc.runtime.store.ContainerLock;
import glxc.runtime.build.ImageTemplate;
import glxc.runtime.template.LayeredTemplate;
import glxc.runtime.template.Template;
import glxc.runtime.template.TemplateContext;
import glxc.runtime.template.Templates;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * lxc-create: a folder, a config in LXC's format, a rootfs built by a template. All or nothing: any
 * failure (bad key, missing template, a template failing half-way) removes the folder.
 */
public final class Creator {
    static {
        Templates.addSource(ImageTemplate.SOURCE);   // create -t image:NAME
    }

    private Creator() {}

    public static void create(Store store, Container c, CreateOptions options) {
        Template template = null;
        if (options.template() != null && !options.template().equals("none")) {
            template = Templates.find(options.template())
                    .orElseThrow(() -> new GlxcException("container '" + c.name() + "': " + Templates.notFound(options.template())));
        }
        if (Rootless.active() && template instanceof LayeredTemplate)
            throw new GlxcException("container '" + c.name() + "': the " + template.name() + " template needs root (its cached layers hold "
                    + "files of many owners); a normal user's containers come from busybox or an LXC script template");
        List<ConfigLine> overrides = new ArrayList<>();
        for (String d : options.overrides()) overrides.add(ContainerConfig.override(d));
        ConfigFile base = options.configFile() == null ? null : ConfigFile.read(options.configFile());
        StorageBackend backend = options.backend() == null ? null : Storage.find(options.backend()).orElseThrow(() -> new GlxcException("container '" + c.name()
                + "': unknown backing store '" + options.backend() + "' (" + String.join(", ", Storage.BACKENDS.stream().map(StorageBackend::name).toList()) + ")"));
        if (backend != null && (base != null && ContainerConfig.of(base, List.of()).rootfsSource().isPresent()
                || overrides.stream().anyMatch(o -> o.key().equals("lxc.rootfs.path"))))
            throw new GlxcException("container '" + c.name() + "': give either -B " + options.backend() + " or lxc.rootfs.path, not both");
        makeFolder(store, c);
        List<String[]> shiftedWith = null;   // the maps a normal user's rootfs was given to its root with
        try (ContainerLock lock = c.lock()) {
            Path rootfs = c.paths().defaultRootfs();
            RootfsSource made = backend == null || backend.name().equals("dir") ? null : backend.create(c.dir());
            ConfigFile config = initialConfig(c, base, overrides, made == null ? "dir:" + rootfs : made.configValue());
            if (made == null) Files.createDirectory(rootfs);
            Path configuredRootfs = ContainerConfig.of(config, List.of()).rootfs().orElse(rootfs);
            if (!configuredRootfs.equals(rootfs)) Files.createDirectories(configuredRootfs);
            if (template != null) template.build(new TemplateContext(store, c.name(), c.dir(), configuredRootfs, c.configPath(), options.templateArgs(),
                    ContainerConfig.of(config, List.of()).rootfsSource().orElseThrow()));
            ConfigFile built = ConfigFile.read(c.configPath());
            for (ConfigLine o : overrides)   // -s wins over what the template wrote
                if (!ConfigKeys.find(o.key()).orElseThrow().list()) built.set(o.key(), o.value());
            ContainerConfig effective = ContainerConfig.of(built, List.of());
            for (ConfigLine l : effective.entries())   // LXC fills a hwaddr's x digits once, at create
                if (l.key().matches("lxc\\.net\\.\\d+\\.hwaddr") && l.value().toLowerCase(Locale.ROOT).contains("x"))
                    built.set(l.key(), MacAddress.fill(l.value()));
            warnAboutIgnoredKeys(store, c.name(), effective);
            if (Rootless.active() || !effective.idmaps().isEmpty() && !RootfsShift.idmappable(configuredRootfs)) {
                shiftedWith = effective.idmaps();
                giveToContainerRoot(c, made, configuredRootfs, effective);
            }
            // an idmapped rootfs (host root's files, shown shifted) says so in LXC 5's words, so LXC starts it right too
            if (!effective.idmaps().isEmpty() && shiftedWith == null && effective.get("lxc.rootfs.options").isEmpty())
                built.set("lxc.rootfs.options", "idmap=container");
            if (template != null) built.prependComments(header(template, options.templateArgs()));
            built.write();
        } catch (IOException e) {
            discard(c, shiftedWith);
            throw new GlxcException("container '" + c.name() + "': cannot create: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            discard(c, shiftedWith);
            throw e;
        }
    }

    private static void discard(Container c, List<String[]> shiftedWith) {
        if (Rootless.active() && shiftedWith != null && !shiftedWith.isEmpty()) RootfsShift.remove(c.name(), c.dir(), shiftedWith);
        else FileTrees.delete(c.dir());
    }

    /** A normal user's template wrote the user's files, or the filesystem takes no idmapped mount: the container's root must own them on disk. */
    private static void giveToContainerRoot(Container c, RootfsSource made, Path rootfs, ContainerConfig config) {
        if (config.idmaps().isEmpty())
            throw new GlxcException("container '" + c.name() + "': a normal user makes only unprivileged containers: give --unprivileged "
                    + "(with a range for " + System.getProperty("user.name") + " in /etc/subuid and /etc/subgid)");
        if (made != null)
            throw new GlxcException("container '" + c.name() + "': a rootfs owned by the container's root on disk (" + (Rootless.active() ? "a normal user's container"
                    : "its filesystem takes no idmapped mount") + ") is made on the dir backend so far, not " + made.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        // only a tree the template just made, where no one else can reach it: a chown walk anywhere else could be turned on host files
        if (!rootfs.toAbsolutePath().normalize().startsWith(c.dir()))
            throw new GlxcException("container '" + c.name() + "': its rootfs " + rootfs + " is outside its folder on a filesystem without idmapped mounts: "
                    + "glxc will not chown it (give it to the container's root yourself, or keep it in the store)");
        RootfsShift.giveToContainerRoot(c.name(), rootfs, config);
    }

    private static void makeFolder(Store store, Container c) {
        try {
            Files.createDirectories(store.path());
            Files.createDirectory(c.dir());
            // a normal user's container folder is the user's alone (its group could otherwise reach the rootfs)
            Files.setPosixFilePermissions(c.dir(), PosixFilePermissions.fromString(Rootless.active() ? "rwx------" : "rwxr-x---"));
        } catch (FileAlreadyExistsException e) {
            throw new GlxcException("container '" + c.name() + "' already exists in " + store.path());
        } catch (IOException e) {
            throw new GlxcException("container '" + c.name() + "': cannot create " + c.dir() + ": " + e.getMessage(), e);
        }
    }

    /** LXC's order: the -f file as given, then lxc.rootfs.path and lxc.uts.name if missing, then -s values. */
    private static ConfigFile initialConfig(Container c, ConfigFile base, List<ConfigLine> overrides, String rootfsValue) {
        ConfigFile config = base == null ? ConfigFile.empty(c.configPath()) : ConfigFile.parse(c.configPath(), base.text());
        ContainerConfig current = ContainerConfig.of(config, overrides);
        if (current.rootfs().isEmpty()) config.append("lxc.rootfs.path", rootfsValue);
        if (current.hostname().isEmpty()) config.append("lxc.uts.name", c.name());
        for (ConfigLine o : overrides) {
            if (ConfigKeys.find(o.key()).orElseThrow().list()) config.append(o.key(), o.value());
            else config.set(o.key(), o.value());
        }
        config.write();
        return config;
    }

    private static List<String> header(Template template, List<String> args) {
        return List.of("# Template used to create this container: " + template.name(),
                "# Parameters passed to the template:" + (args.isEmpty() ? "" : " " + String.join(" ", args)),
                "# For additional config options, please look at lxc.container.conf(5)", "");
    }

    static void warnAboutIgnoredKeys(Store store, String name, ContainerConfig config) {
        for (ConfigLine l : config.entries()) {
            ConfigKeys.Key k = ConfigKeys.find(l.key()).orElseThrow();
            if (k.support() == ConfigKeys.Support.WARN)
                store.emit(new ContainerEvent.Warning(name, l.where() + ": " + l.key() + " is ignored: " + k.note()));
        }
    }
}
