import { defineMessages } from './define.ts';

/**
 * The Telegram adapter's own words: the toasts a button press is answered with, and the note for
 * a file that could not be sent. (The command menu comes from the command table's summaries.)
 */
export const telegram = defineMessages(
  {
    'telegram.toast.received': '已收到，正在处理',
    'telegram.toast.duplicate': '这次操作已经处理过了',
    'telegram.attachment.failed': '（附件“{name}”未能发送）',
  },
  {
    'telegram.toast.received': 'Received, working on it',
    'telegram.toast.duplicate': 'This was already handled',
    'telegram.attachment.failed': '(The attachment "{name}" could not be sent)',
  },
);
