import type { DatasetSource } from '../../../shared/drift';
import { browserToken } from './browser-token';
import { preloadBridge } from './ipc-transport';

/**
 * Turns a dropped or picked file into something main can read: in Electron its path on disk (via
 * the preload), in a browser an upload streamed to the host.
 */
export async function datasetSourceFor(file: File): Promise<{ source: DatasetSource; name: string }> {
  const bridge = preloadBridge();
  if (bridge) return { source: { path: bridge.getPathForFile(file) }, name: file.name };
  const token = browserToken();
  const response = await fetch(`/api/v1/uploads?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    body: file,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`upload of ${file.name} failed: ${(await response.text()).trim() || response.status}`);
  const { id } = (await response.json()) as { id: string };
  return { source: { upload: id }, name: file.name };
}
