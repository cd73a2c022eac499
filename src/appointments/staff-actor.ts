import { type Actor } from '../authz/actor.js';
import { type TaskActorRef } from '../workflows/shared/tasks.js';

/** The signed-in staff user as workflows name people (ID and role only); nothing for services. */
export function taskActorOf(actor: Actor): TaskActorRef | undefined {
  return actor.type === 'user' ? { type: 'user', id: actor.id, role: actor.role } : undefined;
}

/** `{ bookedBy }` for a workflow start when a staff user booked, `{}` otherwise. */
export function staffActorRef(actor: Actor): { bookedBy?: TaskActorRef } {
  const ref = taskActorOf(actor);
  return ref ? { bookedBy: ref } : {};
}
