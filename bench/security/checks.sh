#!/bin/sh
# Escape checks, run inside a container (busybox sh): one line per check, "blocked K/N" at the end.
# Each check tries something a container must not be able to do; "blocked" means it failed.
# /probe (syscall-probe.c, compiled static beside this script) tries the seccomp-guarded calls.
blocked=0; total=0
check() {   # check NAME RESULT(blocked|open) DETAIL
  total=$((total + 1))
  [ "$2" = blocked ] && blocked=$((blocked + 1))
  printf '%-28s %-8s %s\n' "$1" "$2" "$3"
}
verdict() { if "$@" >/dev/null 2>&1; then echo open; else echo blocked; fi; }

n=$(ls /proc | grep -c '^[0-9]')
[ "$n" -lt 30 ] && check "host processes hidden" blocked "$n pids" || check "host processes hidden" open "$n pids"
nics=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | grep -v '^lo$' | tr '\n' ' ')
[ -z "$nics" ] && check "no host NIC" blocked "" || check "no host NIC" open "$nics"
check "write /proc/sys" "$(verdict sh -c 'echo 1 > /proc/sys/kernel/domainname')"
bnd=$(grep CapBnd /proc/self/status | cut -f2)
userns=no; grep -qv '^ *0 *0 *4294967295' /proc/self/uid_map && userns=yes
for cap in 16:SYS_MODULE 17:SYS_RAWIO 21:SYS_ADMIN; do
  bit=${cap%%:*}
  if [ $(( 0x$bnd >> bit & 1 )) -eq 0 ]; then check "CapBnd lacks ${cap#*:}" blocked ""
  elif [ "${cap#*:}" = SYS_ADMIN ] && [ $userns = yes ]; then check "CapBnd lacks ${cap#*:}" blocked "(user namespace: only over its own)"
  else check "CapBnd lacks ${cap#*:}" open ""; fi
done
disk=$(grep ' / / ' /proc/1/mountinfo 2>/dev/null | cut -d' ' -f3)
[ -z "$disk" ] && disk=$(cut -d' ' -f3 /proc/self/mountinfo | head -n 1)
check "read the host disk" "$(verdict sh -c "mknod /tmp/.disk b ${disk%%:*} ${disk##*:} && head -c 512 /tmp/.disk")" "$disk"
rm -f /tmp/.disk
mkdir -p /tmp/.cg
# a new named v1 hierarchy has a release_agent at its root (the memory one may not be v1 on every host)
check "write a cgroup release_agent" "$(verdict sh -c 'mount -t cgroup -o none,name=glxcprobe cgroup /tmp/.cg && echo /evil > /tmp/.cg/release_agent')"
umount /tmp/.cg 2>/dev/null
# masked means something is mounted over it (an empty listing alone could just mean no keys)
grep -q ' /proc/keys ' /proc/self/mountinfo && check "/proc/keys masked" blocked "" || check "/proc/keys masked" open "$(wc -l < /proc/keys) lines"
tl=$(cat /proc/timer_list 2>/dev/null | wc -l)
[ "$tl" -eq 0 ] && check "/proc/timer_list masked" blocked "" || check "/proc/timer_list masked" open "$tl lines"
fw=$(ls -A /sys/firmware 2>/dev/null | wc -l)
[ "$fw" -eq 0 ] && check "/sys/firmware masked" blocked "" || check "/sys/firmware masked" open "$fw entries"
# a fresh shell shows what reached the attached process (this script's own shell holds its script fd)
fds=$(sh -c 'ls /proc/$$/fd; true' | grep -v '^1$' | tr '\n' ' ')
[ "$fds" = "0 2 " ] && check "attach gets only stdio" blocked "" || check "attach gets only stdio" open "$fds (and 1)"
ifds=$(ls /proc/1/fd 2>/dev/null | grep -v '^[012]$' | tr '\n' ' ')
[ -z "$ifds" ] && check "init holds only stdio" blocked "" || check "init holds only stdio" open "also $ifds"
pm=$(cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/pids.max 2>/dev/null | head -n 1)
[ -n "$pm" ] && [ "$pm" != max ] && check "pids limit set" blocked "$pm" || check "pids limit set" open "${pm:-none}"
if [ -x /probe ]; then
  # blocked only by the errno a seccomp filter gives: EPERM (1), or ENOSYS (38) for clone3 and calls newer
  # than the filter; any other failure (bad arguments, missing capability) does not count
  /probe | while read -r call result; do
    [ "$call" = getpid ] && continue
    # the filter's other side: these must still work (a filter that refused them would break programs),
    # shown but not counted as checks
    case "$call" in personality-query|socket-inet) echo "$call allowed ${result}"; continue ;; esac
    want=1; [ "$call" = clone3 ] || [ "$call" = fchmodat2 ] && want=38
    case "$result" in *"($want)") echo "$call blocked" ;; *) echo "$call open ${result}" ;; esac
  done > /tmp/.probe
  while read -r call v detail; do
    if [ "$v" = allowed ]; then printf '%-28s %-8s %s\n' "seccomp: $call" "(works)" "$detail"; else check "seccomp: $call" "$v" "$detail"; fi
  done < /tmp/.probe
  rm -f /tmp/.probe
fi
echo "blocked $blocked/$total"
