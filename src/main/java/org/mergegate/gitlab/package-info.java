/**
 * GitLab's REST API, read and written for one merge request: {@link
 * org.mergegate.gitlab.GitLabHttp} owns transport concerns (timeouts, retries, pagination, error
 * messages), {@link org.mergegate.gitlab.MergeRequestReader} turns responses into {@code review}
 * facts, {@link org.mergegate.gitlab.GroupsAndUsers} resolves CODEOWNERS owners, and {@link
 * org.mergegate.gitlab.StickyNote} and {@link org.mergegate.gitlab.CommitStatus} write back.
 */
package org.mergegate.gitlab;
