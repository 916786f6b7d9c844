import { Global, Module } from '@nestjs/common';
import { AppConfig } from '#libs/config';
import { NOTIFICATION_TRANSPORT, type NotificationTransport } from './notification.transport.js';
import { OutboxTransport } from './outbox.transport.js';
import { SmtpTransport } from './smtp.transport.js';

export function transportFor(config: AppConfig): NotificationTransport {
  return config.NOTIFY_TRANSPORT === 'smtp'
    ? new SmtpTransport(config.SMTP_URL!, config.NOTIFY_FROM)
    : new OutboxTransport(config.OUTBOX_DIR, config.NOTIFY_FROM);
}

@Global()
@Module({
  providers: [{ provide: NOTIFICATION_TRANSPORT, inject: [AppConfig], useFactory: transportFor }],
  exports: [NOTIFICATION_TRANSPORT],
})
export class NotifyModule {}
