export * from './policy.ts';
export * from './window.ts';
export * from './invite-deadline.ts';
