"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { navItems } from "./nav-items";
import { ThemeToggle } from "./theme-toggle";

/** A sidebar from 1024 px, a top bar below that (tablets, narrow windows). */
export function AppNav() {
  const pathname = usePathname();
  return (
    <header className="border-b border-slate-200 bg-white lg:sticky lg:top-0 lg:flex lg:h-screen lg:w-56 lg:shrink-0 lg:flex-col lg:border-b-0 lg:border-r dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-center justify-between gap-4 px-5 py-3 lg:block lg:py-4">
        <div>
          <Link
            href="/"
            className="text-base font-semibold tracking-tight outline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            Identity Steward
          </Link>
          <p className="text-xs text-slate-600 dark:text-slate-400">Managed identity governance</p>
        </div>
        <div className="lg:hidden">
          <ThemeToggle />
        </div>
      </div>
      <nav aria-label="Main" className="px-3 pb-2 lg:flex-1 lg:pb-3">
        <ul className="flex flex-wrap gap-1 lg:flex-col">
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
      <div className="hidden px-5 py-4 lg:block">
        <ThemeToggle />
      </div>
    </header>
  );
}
