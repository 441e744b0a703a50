/** Thrown for inputs the schedule cannot work with (bad day, empty working week, no working day in reach). */
export class ScheduleError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'ScheduleError';
    }
}
