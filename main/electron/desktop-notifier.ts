import { Notification } from 'electron';
import type { DesktopNotice } from '../../shared/desktop';

/**
 * The alert engine's desktop channel: a native notification for CRITICAL alerts only, urgent, that
 * opens the window on the alert when clicked. Works with the window closed (Vigil in the tray).
 */
export function createDesktopNotifier(openAlert: (id: string) => void): (notice: DesktopNotice) => boolean {
  return (notice) => {
    if (notice.severity !== 'CRITICAL' || !Notification.isSupported()) return false;
    const notification = new Notification({ title: notice.title, body: notice.body, urgency: 'critical' });
    notification.on('click', () => openAlert(notice.id));
    notification.show();
    return true;
  };
}
