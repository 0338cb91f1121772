export type { FeedbackNote, QuestionLogStore, QuestionRecord } from './types.js';
export { FileQuestionLog } from './file-question-log.js';
export { QuestionRecorder, type RecorderOptions } from './question-recorder.js';
export { LoggingFeedbackStore } from './logging-feedback-store.js';
