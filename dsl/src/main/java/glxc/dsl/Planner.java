package glxc.dsl;

import glxc.runtime.api.Container;
import glxc.runtime.api.ContainerState;
import glxc.runtime.api.Store;
import glxc.runtime.cgroup.Translation;
import glxc.runtime.config.ContainerConfig;
import glxc.runtime.net.Cidr;
import glxc.runtime.net.ManagedNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What apply would do: compares a script's model with the store — networks, each container's config
 * (the keys the script sets, and those it set last time), the live cgroup values of running containers
 * (so a manual change is put back), and whether each system container runs. Reads only.
 */
public final class Planner {
    private Planner() {}

    public static List<PlanStep> plan(Store store, ScriptModel model) {
        List<PlanStep> steps = new ArrayList<>();
        for (NetworkSpec n : model.networks()) steps.add(network(store, n));
        for (List<ContainerSpec> level : model.levels()) for (ContainerSpec c : level) steps.addAll(container(store, c));
        return steps;
    }

    private static PlanStep network(Store store, NetworkSpec n) {
        Optional<ManagedNetwork> have = store.networks().find(n.name());
        if (have.isEmpty()) return new PlanStep(PlanStep.Kind.CREATE_NETWORK, n.name(), List.of(describe(n)));
        ManagedNetwork m = have.get();
        List<String> diff = new ArrayList<>();
        if (!m.ipv4().toString().equals(Cidr.parse(n.ipv4()).toString())) diff.add("ipv4: " + m.ipv4() + " -> " + n.ipv4());
        if (m.nat() != n.nat()) diff.add("nat: " + m.nat() + " -> " + n.nat());
        if (m.dhcp() != n.dhcp()) diff.add("dhcp: " + m.dhcp() + " -> " + n.dhcp());
        return new PlanStep(diff.isEmpty() ? PlanStep.Kind.LEAVE : PlanStep.Kind.RECREATE_NETWORK, n.name(), diff);
    }

    private static String describe(NetworkSpec n) {
        return n.ipv4() + (n.nat() ? ", NAT" : "") + (n.dhcp() ? ", DHCP+DNS" : "");
    }

    private static List<PlanStep> container(Store store, ContainerSpec spec) {
        Container c = store.get(spec.name());
        if (!c.exists()) {
            List<PlanStep> out = new ArrayList<>();
            List<String> details = new ArrayList<>();
            details.add("template " + spec.template() + (spec.templateArgs().isEmpty() ? "" : " " + String.join(" ", spec.templateArgs())));
            for (ContainerSpec.Setting s : spec.settings()) details.add(s.key() + " = " + s.value());
            out.add(new PlanStep(PlanStep.Kind.CREATE, spec.name(), details));
            if (!spec.isApplication()) out.add(new PlanStep(PlanStep.Kind.START, spec.name(), List.of()));
            return out;
        }
        ContainerConfig config = c.config();
        boolean running = c.state() == ContainerState.RUNNING || c.state() == ContainerState.FROZEN;
        List<String> changed = new ArrayList<>(), live = new ArrayList<>();
        boolean restart = running && ManagedKeys.restartPending(c);
        ConfigDiff diff = ConfigDiff.of(spec, config, ManagedKeys.read(c));
        for (ConfigDiff.Change ch : diff.changes()) {
            if (running && isLive(ch)) live.add(ch.describe());
            else {
                changed.add(ch.describe());
                restart |= running;
            }
        }
        if (running)
            for (ContainerSpec.Setting s : spec.settings())
                if (isCgroupKey(s.key()) && diff.changes().stream().noneMatch(ch -> ch.key().equals(s.key()))) drift(c, s.key(), s.value()).ifPresent(live::add);
        List<PlanStep> out = new ArrayList<>();
        if (!changed.isEmpty()) {
            if (running) changed.add("(running: takes effect at the next start; apply --restart restarts it)");
            out.add(new PlanStep(PlanStep.Kind.CHANGE, spec.name(), changed));
        }
        if (!live.isEmpty()) out.add(new PlanStep(PlanStep.Kind.CHANGE_LIVE, spec.name(), live));
        if (!spec.isApplication() && !running) out.add(new PlanStep(PlanStep.Kind.START, spec.name(), List.of()));
        if (restart) out.add(new PlanStep(PlanStep.Kind.RESTART, spec.name(), List.of("only with --restart")));
        if (out.isEmpty()) out.add(new PlanStep(PlanStep.Kind.LEAVE, spec.name(), List.of()));
        return out;
    }

    /** A running container's live value that differs from the declared one (someone ran glxc cgroup). */
    private static Optional<String> drift(Container c, String key, String declared) {
        String file = cgroupFile(key);
        try {
            String now = c.getCgroupItem(file).trim();
            if (sameValue(now, declared)) return Optional.empty();
            return Optional.of(key + ": " + now + " (live) -> " + declared);
        } catch (RuntimeException e) {
            return Optional.empty();   // a file this host cannot read back: nothing to compare
        }
    }

    /** A live cgroup value and a declared one, compared as the kernel means them (256M = 268435456, max = -1). */
    static boolean sameValue(String live, String declared) {
        if (live.equals(declared)) return true;
        try {
            long a = live.equals("max") ? -1 : Translation.number(live), b = declared.equals("max") ? -1 : Translation.number(declared);
            if (a == b) return true;
            long unlimited = 1L << 62;   // v1 reads an unset limit as a huge number
            return (a < 0 || a >= unlimited) && (b < 0 || b >= unlimited);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A change a running container takes at once: one cgroup value. */
    static boolean isLive(ConfigDiff.Change ch) {
        return isCgroupKey(ch.key()) && ch.after().size() == 1;
    }

    static boolean isCgroupKey(String key) {
        return key.startsWith("lxc.cgroup.") || key.startsWith("lxc.cgroup2.");
    }

    static String cgroupFile(String key) {
        return key.startsWith("lxc.cgroup2.") ? key.substring("lxc.cgroup2.".length()) : key.substring("lxc.cgroup.".length());
    }

}
