// Invitations to a coach's caseload: the member accepts or declines; one pending per coach and member.
CREATE CONSTRAINT coach_invitation_id IF NOT EXISTS FOR (i:CoachInvitation) REQUIRE i.id IS UNIQUE;
CREATE CONSTRAINT coach_invitation_pending IF NOT EXISTS FOR (i:CoachInvitation) REQUIRE i.pendingKey IS UNIQUE;
CREATE INDEX coach_invitation_member IF NOT EXISTS FOR (i:CoachInvitation) ON (i.memberId);
CREATE INDEX coach_invitation_coach IF NOT EXISTS FOR (i:CoachInvitation) ON (i.coachId);
// What the member and the coaches concerned are told of each change, sent after it commits.
CREATE CONSTRAINT coaching_notice_id IF NOT EXISTS FOR (n:CoachingNotice) REQUIRE n.id IS UNIQUE;
