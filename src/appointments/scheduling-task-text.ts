/** The scheduling tasks the appointment workflow leaves in the schedulers' inbox. */
export type SchedulingTaskKind = 'reschedule-request' | 'rebook-after-no-show';

/** Outcomes a scheduler records when done. */
export const SCHEDULING_TASK_OUTCOMES = ['rebooked', 'kept', 'patient-declined', 'unreachable'] as const;

/** Inbox title and instructions: what to do, never anything clinical. */
export const SCHEDULING_TASK_TEXT: Record<SchedulingTaskKind, { title: string; instructions: string }> = {
  'reschedule-request': {
    title: 'Patient asked to reschedule',
    instructions: 'The patient replied R to a reminder. Call them and move or cancel the appointment.',
  },
  'rebook-after-no-show': {
    title: 'Rebook after a missed appointment',
    instructions: 'The patient did not come. They were offered to rebook; call them to find a new time.',
  },
};
