import { WORK_DIR } from "./provision.js";
import type { ShellStep } from "./types.js";

export const SCRUB_STEP_NAME = "scrub";

/**
 * The last command on a builder before it is stopped and imaged. Anything left here ships to
 * every user of a public image: keys that would let us (or anyone holding the builder's key) in,
 * our shell and log history, the builder's cloud-init identity (so user data runs again on
 * first boot) and SSH host keys (so no two instances share them; they are regenerated at boot).
 * Best effort per item, then a final check that the sensitive files are really gone.
 */
export function scrubStep(): ShellStep {
  const commands = [
    "set -u",
    // authorized_keys of every account, wherever sshd looks for them.
    "find /root /home -maxdepth 3 -name 'authorized_keys*' -type f -delete 2>/dev/null || true",
    // Shell and tool histories.
    "for h in .bash_history .zsh_history .python_history .lesshst .viminfo .mysql_history .psql_history .Rhistory .wget-hsts .sudo_as_admin_successful; do",
    '  find /root /home -maxdepth 2 -name "$h" -type f -delete 2>/dev/null || true',
    "done",
    // cloud-init's record of this instance, seed data and its logs.
    "if command -v cloud-init >/dev/null 2>&1; then cloud-init clean --logs --seed || true; fi",
    "rm -rf /var/lib/cloud/instances /var/lib/cloud/instance /var/lib/cloud/data /var/lib/cloud/sem",
    // SSH host keys.
    "rm -f /etc/ssh/ssh_host_*",
    // A machine id shared by every instance confuses journald, DHCP and licence managers.
    "truncate -s 0 /etc/machine-id 2>/dev/null || true",
    "rm -f /var/lib/dbus/machine-id",
    // Logs: rotate the journal away, then empty every file under /var/log and drop rotated ones.
    "if command -v journalctl >/dev/null 2>&1; then journalctl --rotate >/dev/null 2>&1 || true; journalctl --vacuum-time=1s >/dev/null 2>&1 || true; fi",
    "find /var/log -type f \\( -name '*.gz' -o -name '*.[0-9]' -o -name '*.old' \\) -delete 2>/dev/null || true",
    "find /var/log -type f -exec truncate -s 0 {} + 2>/dev/null || true",
    // Package caches and temporary files, including the builder's own scripts.
    "(apt-get clean || dnf clean all) >/dev/null 2>&1 || true",
    `rm -rf /tmp/* /var/tmp/* ${WORK_DIR}`,
    "sync",
    // Fail the step (and so the build) if anything that must not ship survived.
    "left=$(find /root /home -maxdepth 3 \\( -name 'authorized_keys*' -o -name .bash_history \\) -type f 2>/dev/null; ls /etc/ssh/ssh_host_* 2>/dev/null || true)",
    'if [ -n "$left" ]; then echo "scrub left: $left" >&2; exit 1; fi',
    "echo scrubbed",
  ];
  return { name: SCRUB_STEP_NAME, timeoutSeconds: 600, commands };
}
