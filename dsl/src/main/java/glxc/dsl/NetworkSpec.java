package glxc.dsl;

/** What a network { } block evaluates to: a glxc network (a bridge, optionally NAT and DHCP+DNS). */
public record NetworkSpec(String name, String ipv4, boolean nat, boolean dhcp, String source) {}
