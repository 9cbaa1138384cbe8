"""The narrative checks: what the report's text says, read against its tables and other texts.

The claim reader (``numbers``, ``vocabulary``, ``narrative``, ``clauses``, ``claims``,
``claim_check``: TX-1/TX-2), the fee sentence (``fees``: TX-3), another agency's name (``names``:
TX-7), copied text (``similarity``: X-3 and the near-identical pairs of a roll-up or an audit), and
the reviewer's reading rules on the quantities of the text (``quantities``, ``located``:
``preamble`` TX-21/22, ``parts`` TX-23, ``rates`` TX-24, ``restated`` TX-25, ``t2_claims`` TX-26,
``year_label`` TX-27). Each rule kind here is a function ``check.rules.KINDS`` registers; nothing
here imports the table rules, the validator or the check step (they import it).
"""
