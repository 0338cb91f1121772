import { askCommand } from './ask-command.js';
import { chatCommand } from './chat-command.js';
import type { Command } from './command.js';
import { doctorCommand } from './doctor-command.js';
import { evalCommand } from './eval-command.js';
import { indexCommand } from './index-command.js';
import { migrateCommand } from './migrate-command.js';
import { reportCommand } from './report-command.js';

/** The CLI's commands besides serve (defined in main.ts), in the order `aeo-bot --help` lists them. */
export const cliCommands: readonly Command[] = [askCommand, chatCommand, indexCommand, migrateCommand, evalCommand, doctorCommand, reportCommand];
