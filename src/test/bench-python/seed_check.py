#!/usr/bin/env python3
# The seed's proof of concept, re-created for side-by-side timing against `merge-gate check`
# (CheckBenchmark runs both against the same WireMock GitLab).
#
# Origin: the python-gitlab script posted in the public design discussion of the airflow-dags
# deployment (Wikimedia Phabricator T368033 and GitLab airflow-dags MR 933; quoted in
# /work/shared/context/wikimedia-dag-deployment-discussion.txt). Its requests and its logic are
# kept as posted: GET the project, GET the merge request, GET its discussions (first page), count
# distinct authors of "approved this merge request" system notes. Changed, only so it can run
# here, each marked below:
#   1. the GitLab URL comes from GITLAB_URL (the seed hard-codes https://gitlab.wikimedia.org);
#   2. the MR number is CI_MERGE_REQUEST_IID (the seed reads CI_MERGE_REQUEST_ID, GitLab's global
#      id, which the merge_requests/:iid endpoint does not accept);
#   3. `import sys` (the seed calls sys.exit without importing sys).
# Run it with Debian's python3-gitlab (3.12): /usr/bin/python3 seed_check.py

import os
import sys  # 3.

import gitlab

MIN_APPROVALS = 2

approvals = set()

gl = gitlab.Gitlab(os.environ['GITLAB_URL'], private_token=os.environ['GITLAB_TOKEN'])  # 1.
project = gl.projects.get(os.environ['CI_MERGE_REQUEST_PROJECT_PATH'])
mr = project.mergerequests.get(int(os.environ['CI_MERGE_REQUEST_IID']))  # 2.
for discussion in mr.discussions.list():
    for note in discussion.asdict()['notes']:
        if note['system'] is True and note['body'] == 'approved this merge request':
            approvals.add(note['author']['username'])

if len(approvals) < MIN_APPROVALS:
    print("At least 2 distinct approvals are required to merge this MR")
    sys.exit(1)
