/**
 * Users and services. Both are lists of small objects whose names the marketplace restricts
 * (login names, systemd unit names), because they end up in shell commands on the instance.
 */
import type { Environment } from "../types/generated.js";
import { withDefaults } from "./placeholders.js";
import type { Source } from "./source.js";

type Users = NonNullable<Environment["users"]>;
type Services = NonNullable<Environment["services"]>;

const LOGIN = /^[a-z_][a-z0-9_-]{0,31}$/;
const SHELL = /^\/[A-Za-z0-9/_.-]+$/;
const UNIT = /^[A-Za-z0-9@_.-]{1,100}$/;

/** Users without passwords: a password in a public template would be a shared credential. */
export function mapUsers(src: Source): Users | undefined {
  const items = src.list(["users"]);
  if (!items || items.length === 0) return undefined;
  if (items.length > 50) {
    src.report("CWS503", ["users"], `${items.length} users; the marketplace allows at most 50`, "create the rest in post_install");
  }
  const users: Users = [];
  items.slice(0, 50).forEach((_, i) => {
    const at = ["users", i] as const;
    if (!src.record(at)) return;
    const raw = src.string([...at, "name"]);
    if (raw === undefined) {
      src.report("CWS502", at, "user has no name", "give every entry under users a name (the login name)");
      return;
    }
    const name = withDefaults(src, [...at, "name"], raw, "user name");
    if (name === undefined) return;
    if (!LOGIN.test(name)) {
      src.report(
        "CWS503",
        [...at, "name"],
        `user name "${name}" is not a valid login name`,
        "use lowercase letters, digits, _ and -, starting with a letter or _, at most 32 characters",
      );
      return;
    }
    const user: Users[number] = { name };
    const groups = src.strings([...at, "groups"]);
    if (groups && groups.length > 0) {
      const bad = groups.filter((g) => !LOGIN.test(g));
      if (bad.length > 0)
        src.report(
          "CWS503",
          [...at, "groups"],
          `group ${bad.map((g) => `"${g}"`).join(", ")} is not a valid group name`,
          "use lowercase letters, digits, _ and -, starting with a letter or _",
        );
      else user.groups = [...new Set(groups)];
    }
    const shell = src.string([...at, "shell"]);
    if (shell !== undefined) {
      if (SHELL.test(shell)) user.shell = shell;
      else src.report("CWS503", [...at, "shell"], `shell "${shell}" is not an absolute path`, "write the login shell as a path such as /bin/bash");
    }
    if (src.has([...at, "password"])) {
      src.dropped(
        [...at, "password"],
        `password of user "${name}" is not carried over`,
        "passwords never go in a public template; CloudWorkstation installs the launcher's SSH key, and users can set a password after logging in",
      );
    }
    src.dropOthers(at, ["name", "groups", "shell", "password"], "the marketplace keeps only name, groups and shell for users");
    users.push(user);
  });
  return users.length > 0 ? users : undefined;
}

export function mapServices(src: Source): Services | undefined {
  const items = src.list(["services"]);
  if (!items || items.length === 0) return undefined;
  if (items.length > 50) {
    src.report("CWS503", ["services"], `${items.length} services; the marketplace allows at most 50`, "start the rest from post_install");
  }
  const services: Services = [];
  items.slice(0, 50).forEach((_, i) => {
    const at = ["services", i] as const;
    if (!src.record(at)) return;
    const raw = src.string([...at, "name"]);
    if (raw === undefined) {
      src.report("CWS502", at, "service has no name", "give every entry under services the systemd unit name, such as jupyter");
      return;
    }
    const name = withDefaults(src, [...at, "name"], raw, "service name");
    if (name === undefined) return;
    if (!UNIT.test(name)) {
      src.report("CWS503", [...at, "name"], `service name "${name}" is not a valid unit name`, "use letters, digits, @, _, . and - only");
      return;
    }
    const service: Services[number] = { name };
    const port = src.integer([...at, "port"]);
    if (port !== undefined) {
      if (port >= 0 && port <= 65535) service.port = port;
      else src.report("CWS503", [...at, "port"], `port ${port} is not a TCP port`, "use a port between 1 and 65535 (0 when the service listens on none)");
    }
    const enable = src.boolean([...at, "enable"]);
    if (enable !== undefined) service.enable = enable;
    const config = src.strings([...at, "config"]);
    if (config && config.length > 0) {
      const long = config.findIndex((line) => line.length > 2000);
      if (long >= 0)
        src.report("CWS503", [...at, "config", long], "configuration line is longer than 2000 characters", "split it, or write the file from post_install");
      else if (config.length > 200)
        src.report(
          "CWS503",
          [...at, "config"],
          `${config.length} configuration lines; the marketplace allows 200`,
          "write long configuration files from post_install",
        );
      else service.config = config;
    }
    src.dropOthers(at, ["name", "port", "enable", "config"], "the marketplace keeps name, port, enable and config for services");
    services.push(service);
  });
  return services.length > 0 ? services : undefined;
}
