// A composed template: Debian with nginx and curl, built once and cached (glxc create -n w1 -t web-base).
template "web-base", {
    from "debian", release: "bookworm"
    packages "nginx", "curl"
    file "/etc/motd", "web-base image\n"
    run "systemctl enable nginx || true"
}
