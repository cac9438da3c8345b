"""Money paid against referrals: payments and reversals, subsidised jobs' contracts and
timesheets, bank files, and the reads of funds used and left."""
