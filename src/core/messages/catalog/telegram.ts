import { defineMessages } from './define.ts';

/**
 * The Telegram adapter's own words: the command menu (setMyCommands, shown in the app's
 * language), the toasts a button press is answered with, and the note for a file that could not
 * be sent.
 */
export const telegram = defineMessages(
  {
    'telegram.menu.report': '填报本周进度',
    'telegram.menu.status': '本周已报、逾期、未报情况',
    'telegram.menu.missing': '本周还没报的项目',
    'telegram.menu.projects': '我负责或可查看的项目',
    'telegram.menu.history': '项目的历次填报与修改',
    'telegram.menu.problems': '问题清单',
    'telegram.menu.whoami': '查看我的身份',
    'telegram.menu.iam': '认领身份：/iam 姓名',
    'telegram.menu.setup': '把本群绑定到项目办（项目办）',
    'telegram.menu.lang': '切换语言：/lang en 或 /lang zh',
    'telegram.menu.help': '帮助与填报格式',
    'telegram.toast.received': '已收到，正在处理',
    'telegram.toast.duplicate': '这次操作已经处理过了',
    'telegram.attachment.failed': '（附件“{name}”未能发送）',
  },
  {
    'telegram.menu.report': 'Submit this week’s progress',
    'telegram.menu.status': 'Reported, late and missing this week',
    'telegram.menu.missing': 'Projects not reported yet this week',
    'telegram.menu.projects': 'Projects I own or can see',
    'telegram.menu.history': 'A project’s reports and revisions',
    'telegram.menu.problems': 'Open problems',
    'telegram.menu.whoami': 'Who am I',
    'telegram.menu.iam': 'Claim your identity: /iam name',
    'telegram.menu.setup': 'Bind this group to the project office (coordinators)',
    'telegram.menu.lang': 'Language: /lang en or /lang zh',
    'telegram.menu.help': 'Help and the report format',
    'telegram.toast.received': 'Received, working on it',
    'telegram.toast.duplicate': 'This was already handled',
    'telegram.attachment.failed': '(The attachment "{name}" could not be sent)',
  },
);
