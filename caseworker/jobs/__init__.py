"""Background jobs on a task queue (huey), their pages, and the schedule of periodic work.

A page starts a job (`operations.start`, then `tasks.submit` after the commit) and sends the
user to its page, which shows the progress until the result can be downloaded. The worker
(`flask jobs worker`; `make run` starts one, `make worker` more) runs the job's kind
(`kinds`), writes what it changes together with its `done` state in one transaction, and keeps
the result file for a set time. The same queue runs the schedule (`schedule`)."""
