export * from './coaching.types.js';
export * from './coaching.service.js';
export * from './coaching.module.js';
export * from './coach-assignment.service.js';
export {
  INVITATION_STATUSES,
  noticeMessage,
  nudgeMessage,
  type InvitationStatus,
  type NoticeData,
  type NoticeKind,
  type NudgeData,
} from './coach-notice.messages.js';
export * from './coach-directory.service.js';
