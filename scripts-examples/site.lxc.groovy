// A small image on the busybox template (seconds to build): a static site served by busybox httpd.
//   ./glxc build scripts-examples/site.lxc.groovy      # each step RUN, then CACHED on the next build
//   ./glxc image history site
//   ./glxc apply scripts-examples/site.lxc.groovy      # site1 stands on the image's layers
image "site", {
    from template("busybox")
    workdir "/srv/www"
    copy "app/", to: "/srv/www"
    file "/etc/motd", "served by glxc\n"
    run 'ls /srv/www > /srv/www/files.txt'
    expose 8000
    cmd "/usr/sbin/httpd", "-f", "-p", "8000", "-h", "/srv/www"
}

container "site1", { from image("site") }
