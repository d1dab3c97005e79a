// The README's main job: a real container from a busybox rootfs, run as an application container.
// Run it with: ./glxc run scripts-examples/hello.lxc.groovy
container "hello", {
    template "busybox"
    hostname "hello"
    env GREETING: "hello from inside"
    command "/bin/sh", "-c", 'echo "$GREETING $(hostname): I am PID $$ and see these processes:"; ps -o pid,comm'
}
