// A web server and its database on one bridge, with NAT and DHCP+DNS (what lxc-net sets up as lxcbr0).
// Busybox stand-ins keep it runnable without an image server: busybox httpd serves ./site, and the
// "database" answers every connection on 5432. Try: ./glxc apply scripts-examples/web.lxc.groovy, then
// ./glxc attach -n web -- sh -c 'nc db 5432 </dev/null', and ./glxc down scripts-examples/web.lxc.groovy
network "glxcbr0", {
    ipv4 "10.213.3.1/24"
    nat true
    dhcp true
}

container "db", {
    template "busybox"
    memory limit: "128M"
    cpu shares: 512
    net bridge: "glxcbr0", ipv4: "10.213.3.20/24"
    set "lxc.init.cmd", "/bin/sh -c 'while true; do echo db-ready | nc -l -p 5432; done'"
    set "lxc.signal.halt", "SIGKILL"   // a shell as PID 1 ignores the halt signal: this stand-in just stops
}

container "web", {
    template "busybox"
    cpu shares: 512
    memory limit: "256M"
    net bridge: "glxcbr0"                      // no address: a DHCP lease from the network's dnsmasq
    mount "${scriptDir}/site", at: "/var/www", readonly: true
    env APP_ENV: "prod"
    port "8080:80"                             // the host's port 8080 to web's httpd
    dependsOn "db"
    set "lxc.init.cmd", "/bin/busybox httpd -f -p 80 -h /var/www"
    set "lxc.signal.halt", "SIGKILL"
}
