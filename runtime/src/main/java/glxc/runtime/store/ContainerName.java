package glxc.runtime.store;

import glxc.runtime.api.GlxcException;

/**
 * Container names: letters, digits, '.', '_' and '-', not starting with '.' or '-', at most 64
 * characters. That is stricter than LXC (which only refuses '/'): the name becomes a folder, a cgroup,
 * a hostname default and a hook argument, so nothing that could escape the store or a shell is allowed.
 */
public final class ContainerName {
    private ContainerName() {}

    public static boolean isValid(String name) {
        try {
            check(name);
            return true;
        } catch (GlxcException e) {
            return false;
        }
    }

    public static String check(String name) {
        if (name == null || name.isEmpty()) throw new GlxcException("invalid container name: the name is empty");
        if (name.length() > 64) throw new GlxcException("invalid container name '" + name + "': longer than 64 characters");
        if (name.contains("/") || name.contains("\0") || name.equals(".") || name.equals(".."))
            throw new GlxcException("invalid container name '" + name + "': it must not contain '/' or be '.' or '..'");
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*"))
            throw new GlxcException("invalid container name '" + name + "': use letters, digits, '.', '_' and '-', not starting with '.' or '-'");
        return name;
    }
}
