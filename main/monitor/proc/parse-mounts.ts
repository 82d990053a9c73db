export interface Mount {
  device: string;
  mount: string;
  fstype: string;
}

/** Filesystems that hold no user data: kernel views, memory-backed, container internals, snaps. */
const virtualTypes = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'tmpfs', 'ramfs', 'cgroup', 'cgroup2', 'pstore', 'bpf', 'tracefs', 'debugfs',
  'securityfs', 'configfs', 'fusectl', 'mqueue', 'hugetlbfs', 'autofs', 'binfmt_misc', 'nsfs', 'rpc_pipefs', 'overlay',
  'squashfs', 'efivarfs', 'fuse.lxcfs', 'fuse.gvfsd-fuse', 'fuse.portal', 'nfsd', 'selinuxfs', 'aufs', 'shm',
]);

/** Real filesystems from /proc/self/mounts, each mount point once, octal escapes decoded. */
export function parseMounts(text: string, options: { includeVirtual?: boolean } = {}): Mount[] {
  const seen = new Set<string>();
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const [device, mount, fstype] = line.split(' ');
    if (!device || !mount || !fstype) continue;
    if (!options.includeVirtual && (virtualTypes.has(fstype) || mount.startsWith('/snap/') || mount.startsWith('/var/lib/docker/'))) continue;
    const decoded = mount.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    if (seen.has(decoded)) continue;
    seen.add(decoded);
    out.push({ device, mount: decoded, fstype });
  }
  return out;
}

/** Mount points mounted read-only (`ro` in the options column of /proc/self/mounts). */
export function readOnlyMountPoints(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const [, mount, , options] = line.split(' ');
    if (mount && options?.split(',').includes('ro')) out.add(mount.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  }
  return out;
}
