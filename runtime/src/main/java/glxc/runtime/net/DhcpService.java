package glxc.runtime.net;

/** Where a container's interface gets its address when the config gives none: a glxc network with DHCP. */
public interface DhcpService {
    /** True when bridge is a network whose DHCP server glxc runs. */
    boolean serves(String bridge);

    /** Runs inside the container's namespace, with interfaceName up. */
    Dhcp.Lease lease(String bridge, String interfaceName, String mac);
}
