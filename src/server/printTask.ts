/** The background-task kind of a person's print run: each person prints one run at a time and polls only their own. */
export const printTask = (username: string) => `print:${username}`;
