// Similar containers are a loop: N workers, each with its own limits (plain Groovy works in a script).
// ./glxc apply scripts-examples/workers.lxc.groovy, then ./glxc ls --fancy -F name,state,memory
def count = 3
(1..count).each { n ->
    container("worker-${n}") {
        template "busybox"
        memory limit: "${32 * n}M"
        cpu shares: 256 * n
        pids max: 32
        set "lxc.net.0.type", "empty"
    }
}
