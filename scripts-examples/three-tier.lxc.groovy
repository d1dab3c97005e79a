// LXC's classic three tiers as separate containers on one bridge: a front (nginx's place), an
// application tier (php's) and a database, each depending on the next. Busybox stand-ins keep it
// runnable without an image server: the front's CGI script passes requests to the application tier,
// whose CGI script asks the "database" over TCP; they find each other by name through the network's DNS.
// From the host: curl http://<a host address>:8081/cgi-bin/front.cgi
network "glxctier0", {
    ipv4 "10.213.30.1/24"
    dhcp true
}

container "tier-db", {
    template "busybox"
    memory limit: "64M"
    net bridge: "glxctier0", ipv4: "10.213.30.30/24"
    set "lxc.init.cmd", "/bin/sh -c 'while true; do echo rows-42 | nc -l -p 5432; done'"
    set "lxc.signal.halt", "SIGKILL"   // a shell or httpd as PID 1 ignores the halt signal: stop at once
}

container "tier-app", {
    template "busybox"
    memory limit: "64M"
    net bridge: "glxctier0", ipv4: "10.213.30.20/24"
    mount "${scriptDir}/three-tier/app.cgi", at: "/www/cgi-bin/app.cgi", readonly: true
    set "lxc.init.cmd", "/bin/busybox httpd -f -p 80 -h /www"
    dependsOn "tier-db"
    set "lxc.signal.halt", "SIGKILL"   // a shell or httpd as PID 1 ignores the halt signal: stop at once
}

container "tier-web", {
    template "busybox"
    memory limit: "64M"
    net bridge: "glxctier0", ipv4: "10.213.30.10/24"
    mount "${scriptDir}/three-tier/front.cgi", at: "/www/cgi-bin/front.cgi", readonly: true
    set "lxc.init.cmd", "/bin/busybox httpd -f -p 80 -h /www"
    port "8081:80"
    dependsOn "tier-app"
    set "lxc.signal.halt", "SIGKILL"   // a shell or httpd as PID 1 ignores the halt signal: stop at once
}
