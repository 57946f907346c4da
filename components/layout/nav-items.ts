// The dashboard's sections, in the order people work through them.
export const navItems = [
  { href: "/", label: "Overview" },
  { href: "/identities", label: "Identities" },
  { href: "/findings", label: "Findings" },
  { href: "/candidates", label: "Candidates" },
  { href: "/sync", label: "Sync" },
  { href: "/rules", label: "Rules" },
] as const;
