import { Injectable, Logger } from '@nestjs/common';

/** Where an SMS provider plugs in: bind SMS_SENDER to an implementation of this interface. */
export interface SmsSender {
  /** Sends one text; `deliveryId` is stable across attempts (pass it as the provider's idempotency key). */
  send(to: string, text: string, deliveryId: string): Promise<void>;
}

export const SMS_SENDER = Symbol('SMS_SENDER');

/** No provider yet: logs what it would send, so the rest of the pipeline (ledger, retries) runs for SMS too. */
@Injectable()
export class LoggingSmsSender implements SmsSender {
  private readonly logger = new Logger('SmsSender');

  send(to: string, text: string, deliveryId: string): Promise<void> {
    this.logger.log({ to: to.replace(/\d(?=\d{2})/g, '•'), deliveryId, length: text.length }, 'sms (no provider configured)');
    return Promise.resolve();
  }
}
