package glxc.runtime.net;

/** A network interface as RTM_GETLINK reports it. */
public record Link(int index, String name, String kind, boolean up, int mtu, String mac, int master,
                   long rxBytes, long txBytes, long rxPackets, long txPackets) {
}
