// The command table: every chat command and every button, declared once. The router dispatches
// from it, /help lists from it (only what the asker may run), Telegram's menus and the Lark help
// are built from it. Adding a command is one entry here plus its handler file.
import { digestAckAction } from '../digest/ack-action.ts';
import { digestCommand } from '../digest/digest-command.ts';
import { exportCommand } from '../ledger/export-command.ts';
import { confirmImportAction, importChatCommand, IMPORT_CONFIRM_ACTION } from '../ledger/import-command.ts';
import { calendarCommand, isCalendarView } from '../schedule/calendar-overrides.ts';
import { isPauseView, leaveCommand, pauseCommand, resumeCommand } from '../schedule/pause/pause-commands.ts';
import { COMPLETE_ACTION, completeAction, completeCommand, reopenCommand } from '../projects/lifecycle-commands.ts';
import { planCommand } from '../projects/plan-command.ts';
import { remindCommand } from '../schedule/remind-now.ts';
import { isSettingsView, settingsCommand } from '../schedule/settings-command.ts';
import { parseCommand, type ParsedCommand } from '../rules/command.ts';
import { photosCommand } from '../photos/photos-command.ts';
import { closeCommand } from '../supervision/close-command.ts';
import { itemButtonAction } from '../supervision/item-actions.ts';
import { progressCommand } from '../supervision/progress-command.ts';
import { superviseCommand } from '../supervision/supervise-command.ts';
import { ITEM_ACTIONS } from '../supervision/supervision-views.ts';
import { vocabularyOf, type ActionSpec, type CommandSpec } from './command-spec.ts';
import { helpCommand } from './help-command.ts';
import { decideCommand, iamCommand, langCommand, whoamiCommand } from './people-commands.ts';
import { confirmSetupAction, SETUP_CONFIRM_ACTION, setupCommand } from './setup-command.ts';
import { cancelCommand, confirmCommand, reportCommand } from './report-commands.ts';
import { historyCommand, missingCommand, problemsCommand, projectsCommand, statusCommand } from './status-commands.ts';

const COORDINATOR = ['coordinator'] as const;
const LEADER_OR_COORDINATOR = ['leader', 'coordinator'] as const;

/** Every command, in the order /help and the menus show them. */
export const COMMAND_TABLE: readonly CommandSpec[] = [
  { name: 'report', aliases: ['填报'], bare: ['填报'], who: 'member', where: 'any', usage: 'command.report.usage', summary: 'command.report.summary', menu: true, run: (ctx) => reportCommand(ctx) },
  { name: 'status', aliases: ['进度'], bare: ['进度'], who: 'member', where: 'any', usage: 'command.status.usage', summary: 'command.status.summary', menu: true, run: statusCommand },
  { name: 'missing', aliases: ['未报'], bare: ['未报'], who: 'member', where: 'any', usage: 'command.missing.usage', summary: 'command.missing.summary', menu: true, run: missingCommand },
  { name: 'projects', aliases: ['项目'], who: 'member', where: 'any', usage: 'command.projects.usage', summary: 'command.projects.summary', menu: true, run: projectsCommand },
  { name: 'history', aliases: ['历史'], who: 'member', where: 'any', usage: 'command.history.usage', summary: 'command.history.summary', menu: true, run: historyCommand },
  { name: 'problems', aliases: ['问题'], bare: ['问题'], who: 'member', where: 'any', usage: 'command.problems.usage', summary: 'command.problems.summary', menu: true, run: problemsCommand },
  { name: 'confirm', aliases: ['确认'], bare: ['确认', '確認', 'confirm'], who: 'member', where: 'any', usage: 'command.confirm.usage', summary: 'command.confirm.summary', run: confirmCommand },
  { name: 'cancel', aliases: ['取消'], bare: ['取消', 'cancel'], who: 'member', where: 'any', usage: 'command.cancel.usage', summary: 'command.cancel.summary', run: cancelCommand },
  { name: 'digest', aliases: ['周报'], who: LEADER_OR_COORDINATOR, where: 'any', usage: 'command.digest.usage', summary: 'command.digest.summary', menu: true, run: digestCommand },
  { name: 'photos', aliases: ['照片'], who: LEADER_OR_COORDINATOR, where: 'any', usage: 'command.photos.usage', summary: 'command.photos.summary', menu: true, run: photosCommand },
  { name: 'export', aliases: ['导出'], who: LEADER_OR_COORDINATOR, where: 'any', usage: 'command.export.usage', summary: 'command.export.summary', menu: true, run: (ctx) => exportCommand(ctx) },
  { name: 'supervise', aliases: ['督办'], who: LEADER_OR_COORDINATOR, where: 'any', usage: 'command.supervise.usage', summary: 'command.supervise.summary', menu: true, run: superviseCommand },
  { name: 'progress', aliases: ['办理'], who: 'member', where: 'any', usage: 'command.progress.usage', summary: 'command.progress.summary', run: progressCommand },
  { name: 'close', aliases: ['销号'], who: COORDINATOR, where: 'any', usage: 'command.close.usage', summary: 'command.close.summary', run: closeCommand },
  { name: 'remind', aliases: ['提醒'], who: COORDINATOR, where: 'any', usage: 'command.remind.usage', summary: 'command.remind.summary', menu: true, run: remindCommand },
  { name: 'import', aliases: ['导入'], who: COORDINATOR, where: 'any', usage: 'command.import.usage', summary: 'command.import.summary', run: (ctx) => importChatCommand(ctx) },
  { name: 'settings', aliases: ['设置'], who: COORDINATOR, viewByMembers: { isView: isSettingsView }, where: 'any', usage: 'command.settings.usage', summary: 'command.settings.summary', menu: true, run: settingsCommand },
  { name: 'pause', aliases: ['暂停'], who: COORDINATOR, viewByMembers: { isView: isPauseView }, where: 'any', usage: 'command.pause.usage', summary: 'command.pause.summary', run: pauseCommand },
  { name: 'leave', aliases: ['请假'], who: COORDINATOR, where: 'any', usage: 'command.leave.usage', summary: 'command.leave.summary', run: leaveCommand },
  { name: 'resume', aliases: ['恢复'], who: COORDINATOR, where: 'any', usage: 'command.resume.usage', summary: 'command.resume.summary', run: resumeCommand },
  // 竣工 only with the slash: "竣工验收…" can start an everyday sentence in a group.
  { name: 'complete', aliases: ['竣工'], who: COORDINATOR, where: 'any', usage: 'command.complete.usage', summary: 'command.complete.summary', run: completeCommand },
  { name: 'reopen', aliases: ['重新开工'], who: COORDINATOR, where: 'any', usage: 'command.reopen.usage', summary: 'command.reopen.summary', run: reopenCommand },
  // 计划 only with the slash: "计划…" starts everyday sentences.
  { name: 'plan', aliases: ['计划'], who: COORDINATOR, where: 'any', usage: 'command.plan.usage', summary: 'command.plan.summary', run: planCommand },
  { name: 'holiday', aliases: ['假日'], who: COORDINATOR, viewByMembers: { isView: isCalendarView }, where: 'any', usage: 'command.holiday.usage', summary: 'command.holiday.summary', run: (ctx) => calendarCommand(ctx, 'holiday') },
  { name: 'workday', aliases: ['调休'], who: COORDINATOR, viewByMembers: { isView: isCalendarView }, where: 'any', usage: 'command.workday.usage', summary: 'command.workday.summary', run: (ctx) => calendarCommand(ctx, 'workday') },
  { name: 'approve', aliases: ['批准'], who: COORDINATOR, where: 'any', usage: 'command.approve.usage', summary: 'command.approve.summary', run: (ctx) => decideCommand(ctx, true) },
  { name: 'reject', aliases: ['驳回'], who: COORDINATOR, where: 'any', usage: 'command.reject.usage', summary: 'command.reject.summary', run: (ctx) => decideCommand(ctx, false) },
  { name: 'setup', aliases: ['绑定群'], who: COORDINATOR, where: 'group', usage: 'command.setup.usage', summary: 'command.setup.summary', menu: true, run: setupCommand },
  { name: 'whoami', aliases: ['我是谁'], who: 'anyone', where: 'any', usage: 'command.whoami.usage', summary: 'command.whoami.summary', menu: true, run: whoamiCommand },
  { name: 'iam', aliases: ['我是'], who: 'anyone', where: 'any', usage: 'command.iam.usage', summary: 'command.iam.summary', menu: true, run: iamCommand },
  { name: 'lang', aliases: ['语言'], who: 'member', where: 'any', usage: 'command.lang.usage', summary: 'command.lang.summary', menu: true, run: langCommand },
  { name: 'help', aliases: ['帮助', 'start'], bare: ['帮助'], who: 'anyone', where: 'any', usage: 'command.help.usage', summary: 'command.help.summary', menu: true, run: helpCommand },
];

/** Every button, by the prefix of its action. */
export const ACTION_TABLE: readonly ActionSpec[] = [
  { prefix: 'claim:approve', who: COORDINATOR, run: (ctx, id) => decideCommand(ctx, true, id) },
  { prefix: 'claim:reject', who: COORDINATOR, run: (ctx, id) => decideCommand(ctx, false, id) },
  { prefix: IMPORT_CONFIRM_ACTION, who: COORDINATOR, run: (ctx) => confirmImportAction(ctx) },
  { prefix: SETUP_CONFIRM_ACTION, who: COORDINATOR, run: confirmSetupAction },
  { prefix: COMPLETE_ACTION, who: ['owner', 'coordinator'], run: completeAction },
  { prefix: 'digest:ack', who: 'member', run: digestAckAction },
  { prefix: 'draft:confirm', who: 'member', run: (ctx) => confirmCommand(ctx) },
  { prefix: 'draft:cancel', who: 'member', run: (ctx) => cancelCommand(ctx) },
  { prefix: ITEM_ACTIONS.instruction, who: LEADER_OR_COORDINATOR, run: itemButtonAction('instruction') },
  { prefix: ITEM_ACTIONS.assign, who: LEADER_OR_COORDINATOR, run: itemButtonAction('assign') },
  { prefix: ITEM_ACTIONS.extend, who: LEADER_OR_COORDINATOR, run: itemButtonAction('extend') },
  { prefix: ITEM_ACTIONS.close, who: COORDINATOR, run: itemButtonAction('close') },
];

const VOCABULARY = vocabularyOf(COMMAND_TABLE);

/** The command a chat message starts with (see core/rules/command.ts), read with the table's words. */
export function parseChatCommand(text: string, botUsername?: string): ParsedCommand | null {
  return parseCommand(text, VOCABULARY, botUsername);
}

/** The table's entry for a command name. */
export function commandNamed(name: string): CommandSpec | undefined {
  return COMMAND_TABLE.find((spec) => spec.name === name);
}

/** The button an action string belongs to, and the argument after its prefix. */
export function actionFor(action: string): { spec: ActionSpec; argument: string } | null {
  for (const spec of ACTION_TABLE) {
    if (action === spec.prefix) return { spec, argument: '' };
    if (action.startsWith(`${spec.prefix}:`)) return { spec, argument: action.slice(spec.prefix.length + 1) };
  }
  return null;
}
