/**
 * Names for the API's answer shapes, taken from the generated contract (schema.d.ts, `npm run openapi:types`):
 * a field added to a DTO on the server appears here without touching the UI's types.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Account = Schemas['AccountDto'];
export type AccountDetail = Schemas['AccountDetailDto'];
export type Ticket = Schemas['TicketDto'];
export type Notification = Schemas['NotificationDto'];
export type TicketDetail = Schemas['TicketDetailDto'];
/**
 * The record on a ticket's page: react-admin first shows the row the list already holds (TicketDto), then the
 * detail once GET /api/tickets/:id answers; the detail-only fields are missing until then.
 */
export type ShownTicket = Ticket & Partial<Omit<TicketDetail, keyof Ticket>>;
export type TicketStatus = Ticket['status'];
export type TicketChannel = Ticket['channel'];
export type TicketPriority = Ticket['priority'];
export type TicketCode = TicketDetail['codes'][number];
export type TicketLink = TicketDetail['links'][number];
export type ResetIssued = Schemas['ResetIssuedDto'];
export type ApprovalRequested = Schemas['ApprovalRequestedDto'];
export type TimelineEvent = Schemas['AuditEventDto'];
export type AuditEvent = Schemas['AuditEventDto'];
export type AuditStaffMember = Schemas['AuditStaffMemberDto'];
export type ChainStatus = Schemas['ChainStatusDto'];
export type MilestoneState = Schemas['MilestoneStateDto'];
export type PasswordCheck = Schemas['PasswordCheckDto'];
export type PolicyImpact = Schemas['PolicyImpactDto'];
export type HolderPasswordVerdict = Schemas['HolderPasswordVerdictDto'];
export type PasswordCheckGrant = Schemas['PasswordCheckGrantDto'];
export type AuthenticatorEnrollment = Schemas['AuthenticatorEnrollmentDto'];
export type AuthenticatorState = Schemas['AuthenticatorStateDto'];
export type PersonalEmailConfirmation = Schemas['PersonalEmailConfirmationDto'];
export type PersonalEmailState = Schemas['PersonalEmailStateDto'];
export type ManagerApprovalRequest = Schemas['ManagerApprovalRequestDto'];
export type ManagerApprovalDecided = Schemas['ManagerApprovalDecidedDto'];
export type ManagerApprovalAsked = Schemas['ManagerApprovalAskedDto'];
export type Policy = Schemas['PolicyDto'];
export type Profile = Schemas['ProfileDto'];
export type ReminderRun = Schemas['ReminderRunDto'];
export type ResetLinkInfo = Schemas['ResetLinkInfoDto'];
export type StaffMember = Schemas['StaffDto'];
export type TotpEnrollment = Schemas['TotpEnrollmentDto'];
