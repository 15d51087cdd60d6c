export * from './types.ts';
export { findSlot, findSlotPlans, distinctPlans } from './find.ts';
export { insideHours, insideEveryonesHours, busyMembers } from './fit.ts';
export { slotText, ruleText } from './label.ts';
export { dayNumber, isoDateOf, localOf, utcOf, weekdayOf, isKnownZone } from './zone-time.ts';
export { rescheduleOptions, type CurrentRule } from './reschedule.ts';
