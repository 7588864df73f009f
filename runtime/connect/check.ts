import type { Config } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../db/database.ts';

// The shapes every check of `connect` shares, apart from connect.ts, which runs them all.

export interface CheckLine {
  status: 'ok' | 'fail' | 'warn';
  text: string;
  fix?: string;
}

export type Report = (line: CheckLine) => void;

export interface ConnectContext {
  config: Config;
  db: Db;
  shopId: string;
  logger: Logger;
}
