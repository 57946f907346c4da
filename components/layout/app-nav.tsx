"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { navItems } from "./nav-items";

export function AppNav() {
  const pathname = usePathname();
  return (
    <header className="border-b border-slate-200 bg-white md:w-56 md:shrink-0 md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900">
      <div className="px-5 py-4">
        <Link href="/" className="text-base font-semibold tracking-tight">
          Identity Steward
        </Link>
        <p className="text-xs text-slate-600 dark:text-slate-400">Managed identity governance</p>
      </div>
      <nav aria-label="Main" className="px-3 pb-3">
        <ul className="flex flex-wrap gap-1 md:flex-col">
          {navItems.map((item) => {
            const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={`block rounded-md px-3 py-2 text-sm font-medium outline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-600 ${
                    active
                      ? "bg-blue-50 text-blue-800 dark:bg-blue-950 dark:text-blue-200"
                      : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                  }`}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </header>
  );
}
