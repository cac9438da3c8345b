"""The labour exchange's casework: vacancies that fit a person and a vacancy's candidates
(ranked by domain.matching), suitable-job offers and their answers, and the supervisor's
decision on the deregistration proposed after two refusals of suitable work."""
