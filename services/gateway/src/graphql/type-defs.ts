/**
 * The GraphQL schema of `/graphql`, in SDL. Its printed form is checked in as
 * `services/gateway/schema.graphql`, and `schema.spec.ts` fails when the two differ (regenerate
 * with `node -r @swc-node/register services/gateway/src/graphql/write-schema.ts`).
 *
 * Every field is read from, and every mutation written through, the services' own REST routes
 * (see resolvers.ts): the types mirror those routes' views, with the same names and values.
 */
export const TYPE_DEFS = /* GraphQL */ `
  "An integer that fits in a JavaScript number exactly (money in minor units, counts)."
  scalar SafeInt

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type Client {
    id: ID!
    kind: String!
    name: String!
    email: String
    createdAt: String!
    "The client's matters (intake's list route filtered by client)."
    matters(first: Int, after: String): MatterConnection!
  }

  type ClientEdge {
    "The position after this item; on pages read from a REST list, only the last edge has one."
    cursor: String
    node: Client!
  }

  type ClientConnection {
    edges: [ClientEdge!]!
    nodes: [Client!]!
    pageInfo: PageInfo!
  }

  type Party {
    id: ID!
    role: String!
    partyType: String!
    partyId: ID!
    name: String!
    kind: String!
  }

  type Money {
    amountMinor: SafeInt!
    currency: String!
  }

  type FeeArrangement {
    type: String!
    expensesDeducted: String
    flatFee: Money
  }

  type TimeEntry {
    id: ID!
    matterId: ID!
    timekeeperId: String!
    workDate: String!
    minutes: Int!
    billedTenths: Int!
    narrative: String!
    billable: Boolean!
    taskCode: String
    activityCode: String
    outsourced: Boolean!
    status: String!
    createdAt: String!
    submittedAt: String
    approvedAt: String
    approvedBy: String
    invoiceId: ID
  }

  type TimeEntryEdge {
    "The position after this item; on pages read from a REST list, only the last edge has one."
    cursor: String
    node: TimeEntry!
  }

  type TimeEntryConnection {
    edges: [TimeEntryEdge!]!
    nodes: [TimeEntry!]!
    pageInfo: PageInfo!
  }

  type Expense {
    id: ID!
    matterId: ID!
    timekeeperId: String!
    expenseDate: String!
    expenseCode: String!
    description: String!
    amountMinor: SafeInt!
    currency: String!
    billable: Boolean!
    outsourced: Boolean!
    status: String!
    createdAt: String!
    invoiceId: ID
  }

  type ExpenseEdge {
    "The position after this item; on pages read from a REST list, only the last edge has one."
    cursor: String
    node: Expense!
  }

  type ExpenseConnection {
    edges: [ExpenseEdge!]!
    nodes: [Expense!]!
    pageInfo: PageInfo!
  }

  type Invoice {
    id: ID!
    status: String!
    number: String
    clientId: ID!
    matterId: ID
    currency: String!
    totalMinor: SafeInt!
    createdAt: String!
    issuedAt: String
  }

  type InvoiceEdge {
    "The position after this item; on pages read from a REST list, only the last edge has one."
    cursor: String
    node: Invoice!
  }

  type InvoiceConnection {
    edges: [InvoiceEdge!]!
    nodes: [Invoice!]!
    pageInfo: PageInfo!
  }

  "A matter's balance in one trust account."
  type TrustBalance {
    accountId: ID!
    currency: String!
    balanceMinor: SafeInt!
    availableMinor: SafeInt!
    minimumBalanceMinor: SafeInt
    belowMinimum: Boolean!
  }

  type Deadline {
    id: ID!
    matterId: ID!
    triggerId: ID!
    ruleCode: String!
    name: String!
    citation: String!
    computedDate: String!
    dueDate: String!
    dueTime: String
    status: String!
    overridden: Boolean!
    needsReview: Boolean!
    completedAt: String
  }

  type DeadlineEdge {
    "The position after this item; on pages read from a REST list, only the last edge has one."
    cursor: String
    node: Deadline!
  }

  type DeadlineConnection {
    edges: [DeadlineEdge!]!
    nodes: [Deadline!]!
    pageInfo: PageInfo!
  }

  type CourtEvent {
    id: ID!
    matterId: ID!
    kind: String!
    title: String!
    startsAt: String!
    endsAt: String!
    timeZone: String!
    location: String
    courtRoom: String
    judge: String
    status: String!
    createdAt: String!
  }

  type CourtEventEdge {
    "The position after this item; on pages read from a REST list, only the last edge has one."
    cursor: String
    node: CourtEvent!
  }

  type CourtEventConnection {
    edges: [CourtEventEdge!]!
    nodes: [CourtEvent!]!
    pageInfo: PageInfo!
  }

  type Task {
    id: ID!
    matterId: ID!
    title: String!
    description: String
    assigneeId: String
    dueDate: String
    deadlineId: ID
    priority: String!
    status: String!
    createdAt: String!
  }

  type TaskEdge {
    "The position after this item; on pages read from a REST list, only the last edge has one."
    cursor: String
    node: Task!
  }

  type TaskConnection {
    edges: [TaskEdge!]!
    nodes: [Task!]!
    pageInfo: PageInfo!
  }

  type WorkOrder {
    id: ID!
    matterId: ID!
    vendorId: ID!
    workType: String!
    instructions: String!
    documentIds: [ID!]!
    slaHours: Int
    dueAt: String
    status: String!
    suspended: Boolean!
    returnCount: Int!
    createdAt: String!
  }

  type Document {
    id: ID!
    matterId: ID!
    folderId: ID
    title: String!
    currentVersion: Int!
    createdBy: String!
    createdAt: String!
    updatedAt: String!
  }

  type DocumentEdge {
    "The position after this item; on pages read from a REST list, only the last edge has one."
    cursor: String
    node: Document!
  }

  type DocumentConnection {
    edges: [DocumentEdge!]!
    nodes: [Document!]!
    pageInfo: PageInfo!
  }

  type Matter {
    id: ID!
    number: String!
    title: String!
    status: String!
    practiceArea: String
    jurisdiction: String
    court: String
    responsibleAttorneyId: String
    openedAt: String
    closedAt: String
    createdAt: String!
    clientId: ID!
    client: Client
    parties: [Party!]!
    feeArrangement: FeeArrangement
    "Newest first. Loaded for all matters of a query in one batched call to timekeeping."
    timeEntries(first: Int, after: String): TimeEntryConnection!
    expenses(first: Int, after: String): ExpenseConnection!
    invoices(first: Int, after: String): InvoiceConnection!
    trustBalances: [TrustBalance!]!
    deadlines(first: Int, after: String): DeadlineConnection!
    courtEvents(first: Int, after: String): CourtEventConnection!
    tasks(first: Int, after: String): TaskConnection!
    workOrders: [WorkOrder!]!
    documents(first: Int, after: String): DocumentConnection!
  }

  type MatterEdge {
    "The position after this item; on pages read from a REST list, only the last edge has one."
    cursor: String
    node: Matter!
  }

  type MatterConnection {
    edges: [MatterEdge!]!
    nodes: [Matter!]!
    pageInfo: PageInfo!
  }

  type Query {
    matter(id: ID!): Matter
    matters(first: Int, after: String, clientId: ID): MatterConnection!
    client(id: ID!): Client
    clients(first: Int, after: String): ClientConnection!
    timeEntry(id: ID!): TimeEntry
    invoice(id: ID!): Invoice
    task(id: ID!): Task
    workOrder(id: ID!): WorkOrder
  }

  input CreateClientInput {
    kind: String!
    name: String!
    email: String
  }

  input OpenMatterInput {
    clientId: ID!
    title: String!
    practiceArea: String
    jurisdiction: String
    court: String
    responsibleAttorneyId: String
  }

  input RecordTimeEntryInput {
    matterId: ID!
    workDate: String!
    minutes: Int
    duration: String
    narrative: String!
    billable: Boolean
    taskCode: String
    activityCode: String
    timekeeperId: String
  }

  input CreateTaskInput {
    title: String!
    description: String
    assigneeId: String
    dueDate: String
    priority: String
  }

  input CreateCourtEventInput {
    kind: String!
    title: String!
    startsAt: String!
    endsAt: String!
    timeZone: String!
    location: String
    courtRoom: String
    judge: String
  }

  type Mutation {
    createClient(input: CreateClientInput!): Client!
    openMatter(input: OpenMatterInput!): Matter!
    recordTimeEntry(input: RecordTimeEntryInput!): TimeEntry!
    submitTimeEntry(id: ID!): TimeEntry!
    approveTimeEntry(id: ID!): TimeEntry!
    createTask(matterId: ID!, input: CreateTaskInput!): Task!
    createCourtEvent(matterId: ID!, input: CreateCourtEventInput!): CourtEvent!
  }
`;
