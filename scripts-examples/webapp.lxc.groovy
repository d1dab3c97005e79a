// Two images and a container on them: glxc build scripts-examples/webapp.lxc.groovy, then glxc apply.
// The first build bootstraps Debian (minutes); every later one takes the unchanged steps from the cache.
image "py-base", {
    from template("debian", release: "bookworm")
    packages "python3", "python3-venv"
    env LANG: "C.UTF-8"
}

image "webapp", {
    from image("py-base")
    workdir "/srv/app"
    copy "app/", to: "/srv/app"           // keyed by the files' contents, not their paths or mtimes
    run "python3 -m venv /srv/venv && /srv/venv/bin/pip --version"
    user "www-data"
    expose 8000
    cmd "/srv/venv/bin/python", "-m", "http.server", "8000"
}

container "app1", { from image("webapp"); memory limit: "256M" }
