// The little logging the connector does, shaped like pino so the app can pass its logger.

export interface HubSpotLog {
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
}

export const silentLog: HubSpotLog = { debug() {}, info() {}, warn() {} };
